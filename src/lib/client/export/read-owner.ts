import type { ExportSource, ExportWarning } from '../../domain/export';
import type { KilnDb, OutboxRow } from '../db';

const UNSENT = new Set(['pending', 'syncing', 'held', 'failed']);

function warningFor(row: OutboxRow): ExportWarning {
	const what = row.type.replace(/^reservation\./, '').replaceAll('_', ' ');
	return {
		code: 'pending_local_action',
		message: `Not in this bundle: ${what} (queue #${row.queueRevision}, ${row.state}) made on this kiosk at ${row.createdAt} and not yet confirmed by the server.`,
		reservationId: row.reservationId
	};
}

/**
 * The owner's server-confirmed rows from this kiosk's Dexie (the pull keeps these tables as the
 * server sent them), read in one transaction, plus one warning per unsent local action on them.
 */
export async function readOwnerSource(
	db: KilnDb,
	ownerUid: string
): Promise<{ source: ExportSource; warnings: ExportWarning[] }> {
	return db.transaction(
		'r',
		[db.reservations, db.notifications, db.fairnessAudit, db.storageAudit, db.outbox, db.firings],
		async () => {
			const reservations = await db.reservations.filter((r) => r.ownerUid === ownerUid).toArray();
			const ids = reservations.map((r) => r.id);
			const idSet = new Set(ids);
			const [notifications, fairnessAudit, storageAudit, outbox, firings] = await Promise.all([
				db.notifications.where('reservationId').anyOf(ids).toArray(),
				db.fairnessAudit.where('reservationId').anyOf(ids).toArray(),
				db.storageAudit.where('reservationId').anyOf(ids).toArray(),
				db.outbox.orderBy('queueRevision').toArray(),
				// Few firings per kiosk: read them all, keep those with one of the owner's cards.
				db.firings.filter((f) => f.members.some((m) => idSet.has(m.reservationId))).toArray()
			]);
			const mine = outbox.filter(
				(r) =>
					UNSENT.has(r.state) &&
					((r.reservationId && idSet.has(r.reservationId)) ||
						(r.type === 'reservation.intake' && r.payload.ownerUid === ownerUid))
			);
			return {
				source: { ownerUid, reservations, notifications, fairnessAudit, storageAudit, firings },
				warnings: mine.map(warningFor)
			};
		}
	);
}

export interface OwnerOption {
	uid: string;
	name: string;
	reservations: number;
}

/** Owners with a reservation on the board, by name, for the picker. */
export function ownersOf(
	reservations: readonly { ownerUid: string; customerName: string }[]
): OwnerOption[] {
	const by = new Map<string, OwnerOption>();
	for (const r of reservations) {
		const o = by.get(r.ownerUid) ?? { uid: r.ownerUid, name: r.customerName, reservations: 0 };
		o.reservations++;
		by.set(r.ownerUid, o);
	}
	return [...by.values()].sort(
		(a, b) => a.name.localeCompare(b.name) || a.uid.localeCompare(b.uid)
	);
}
