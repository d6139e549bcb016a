import type { Reservation } from '../domain/reservation';
import type { ActionResult } from '../sync/contract';
import type { KilnDb, OutboxRow } from './db';

/** Stores a server copy only when it is newer than what we hold (responses can cross pulls). */
export async function keepNewer(db: KilnDb, copy: Reservation | null): Promise<void> {
	if (!copy) return;
	const have = await db.reservations.get(copy.id);
	if (!have || have.version <= copy.version) await db.reservations.put(copy);
}

/**
 * Records one push's per-action results in one transaction. A row without a result goes back to
 * pending (it is resent; the server's idempotency makes that safe).
 */
export async function recordResults(
	db: KilnDb,
	batch: readonly OutboxRow[],
	results: readonly ActionResult[],
	now: string
): Promise<{ synced: number; failed: number; held: number; missing: number }> {
	const byRev = new Map(results.map((r) => [r.queueRevision, r]));
	const counts = { synced: 0, failed: 0, held: 0, missing: 0 };
	await db.transaction('rw', [db.outbox, db.reservations], async () => {
		const lastFailedOn = new Map<string, number>();
		for (const sent of batch) {
			const row = await db.outbox.get(sent.queueRevision);
			if (!row || row.state !== 'syncing') continue; // resolved or reset meanwhile
			const res = byRev.get(row.queueRevision);
			if (!res) {
				counts.missing++;
				await db.outbox.update(row.queueRevision, { state: 'pending' });
				continue;
			}
			await keepNewer(db, res.reservation);
			if (res.status === 'applied') {
				counts.synced++;
				await db.outbox.update(row.queueRevision, { state: 'synced', result: undefined });
				continue;
			}
			const result = {
				code: res.code as NonNullable<OutboxRow['result']>['code'],
				message: res.message,
				details: res.details,
				serverCopy: res.reservation,
				at: res.appliedAt ?? now
			};
			if (res.status === 'rejected') {
				counts.failed++;
				if (row.reservationId && !lastFailedOn.has(row.reservationId))
					lastFailedOn.set(row.reservationId, row.queueRevision);
				await db.outbox.update(row.queueRevision, { state: 'failed', result });
			} else {
				counts.held++;
				const hinted = Number(res.details?.heldBy);
				const heldBy =
					(row.reservationId ? lastFailedOn.get(row.reservationId) : undefined) ??
					(Number.isInteger(hinted) ? hinted : undefined) ??
					(await earlierFailure(db, row));
				await db.outbox.update(row.queueRevision, { state: 'held', result, heldBy });
			}
		}
	});
	return counts;
}

async function earlierFailure(db: KilnDb, row: OutboxRow): Promise<number | undefined> {
	if (!row.reservationId) return undefined;
	const rows = await db.outbox.where('reservationId').equals(row.reservationId).toArray();
	const failed = rows
		.filter((r) => r.state === 'failed' && r.queueRevision < row.queueRevision)
		.map((r) => r.queueRevision);
	return failed.length ? Math.min(...failed) : undefined;
}

/** Marks rows failed with one shared explanation (a refused batch, a revoked device). */
export async function failRows(
	db: KilnDb,
	revs: readonly number[],
	code: 'invalid' | 'permission' | 'conflict',
	message: string,
	now: string
): Promise<void> {
	await db.transaction('rw', db.outbox, async () => {
		for (const rev of revs) {
			const row = await db.outbox.get(rev);
			if (!row || row.state === 'synced' || row.state === 'failed') continue;
			await db.outbox.update(rev, {
				state: 'failed',
				result: { code, message, details: null, serverCopy: null, at: now }
			});
		}
	});
}
