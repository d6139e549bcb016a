import type { ExportSource } from '../../domain/export';
import type { CustomerNotification, FairnessEvidence, StorageAuditRow } from '../../domain/effects';
import type { Firing } from '../../domain/firing-record';
import type { Reservation, StageHistoryEntry } from '../../domain/reservation';
import type { Queryable } from '../store/types';

const docsFor = async <T>(q: Queryable, table: string, ids: string[]): Promise<T[]> =>
	(
		await q.query<{ doc: T }>(
			`SELECT doc FROM ${table} WHERE reservation_id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
			[JSON.stringify(ids)]
		)
	).map((r) => r.doc);

/**
 * An owner's rows as the store holds them. `historyFromTable` reads stage history from the
 * stage_history table instead of the reservation doc: the restore check must see that table.
 */
export async function loadOwnerSource(
	q: Queryable,
	ownerUid: string,
	opts: { historyFromTable?: boolean } = {}
): Promise<ExportSource> {
	let reservations = (
		await q.query<{ doc: Reservation }>(
			'SELECT doc FROM reservations WHERE owner_uid = $1 ORDER BY id',
			[ownerUid]
		)
	).map((r) => r.doc);
	const ids = reservations.map((r) => r.id);
	if (opts.historyFromTable) {
		const rows = await q.query<{ reservation_id: string; entry: StageHistoryEntry }>(
			`SELECT reservation_id, entry FROM stage_history
			 WHERE reservation_id IN (SELECT jsonb_array_elements_text($1::jsonb))
			 ORDER BY reservation_id, idx`,
			[JSON.stringify(ids)]
		);
		const byId = new Map<string, StageHistoryEntry[]>();
		for (const r of rows)
			byId.set(r.reservation_id, [...(byId.get(r.reservation_id) ?? []), r.entry]);
		reservations = reservations.map((r) => ({ ...r, stageHistory: byId.get(r.id) ?? [] }));
	}
	return {
		ownerUid,
		reservations,
		notifications: await docsFor<CustomerNotification>(q, 'notifications', ids),
		fairnessAudit: await docsFor<FairnessEvidence>(q, 'fairness_audit', ids),
		storageAudit: await docsFor<StorageAuditRow>(q, 'storage_audit', ids),
		// Firings any of these cards were in (the bundle lists only this owner's members).
		firings: (
			await q.query<{ doc: Firing }>(
				`SELECT doc FROM firings f WHERE EXISTS (
					SELECT 1 FROM jsonb_array_elements(f.doc->'members') m
					WHERE m->>'reservationId' IN (SELECT jsonb_array_elements_text($1::jsonb)))
				 ORDER BY id`,
				[JSON.stringify(ids)]
			)
		).map((r) => r.doc)
	};
}
