import { heldBehind } from '../domain/holds';
import type { Reservation } from '../domain/reservation';
import type { ActionResult } from '../sync/contract';
import type { KilnDb, OutboxRow } from './db';

/**
 * Records one push's per-action results in one transaction, with bulk reads and writes (one
 * IndexedDB round per table, not per row). A row without a result goes back to pending (it is
 * resent; the server's idempotency makes that safe).
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
		const rows = await db.outbox.bulkGet(batch.map((b) => b.queueRevision));
		const copies = new Map<string, Reservation>();
		for (const res of results) {
			const copy = res.reservation;
			if (copy && (copies.get(copy.id)?.version ?? -1) <= copy.version) copies.set(copy.id, copy);
		}
		const held = await db.reservations.bulkGet([...copies.keys()]);
		const newer = [...copies.values()].filter((c, i) => !held[i] || held[i]!.version <= c.version);
		await db.reservations.bulkPut(newer);

		const updated: OutboxRow[] = [];
		const heldRows: OutboxRow[] = [];
		for (const row of rows) {
			if (!row || row.state !== 'syncing') continue; // resolved or reset meanwhile
			const res = byRev.get(row.queueRevision);
			if (!res) {
				counts.missing++;
				updated.push({ ...row, state: 'pending' });
				continue;
			}
			if (res.status === 'applied') {
				counts.synced++;
				const synced: OutboxRow = { ...row, state: 'synced' };
				delete synced.result;
				updated.push(synced);
				continue;
			}
			const result = {
				code: res.code,
				message: res.message,
				details: res.details,
				serverCopy: res.reservation,
				at: res.appliedAt ?? now
			};
			if (res.status === 'rejected') {
				counts.failed++;
				updated.push({ ...row, state: 'failed', result });
			} else {
				counts.held++;
				const held: OutboxRow = { ...row, state: 'held', result };
				updated.push(held);
				heldRows.push(held);
			}
		}
		if (heldRows.length) {
			// The one hold rule, over this card's queue as it stands after these results.
			const cards = [...new Set(heldRows.map((r) => r.reservationId).filter((k) => k !== null))];
			const onCards = await db.outbox.where('reservationId').anyOf(cards).toArray();
			const after = new Map(onCards.map((r) => [r.queueRevision, r]));
			for (const u of updated) after.set(u.queueRevision, u);
			const behind = heldBehind([...after.values()]);
			for (const h of heldRows) {
				const hinted = Number(h.result?.details?.heldBy);
				h.heldBy = behind.get(h.queueRevision) ?? (Number.isInteger(hinted) ? hinted : undefined);
			}
		}
		await db.outbox.bulkPut(updated);
	});
	return counts;
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
