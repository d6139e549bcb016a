import type { Reservation } from '../domain/reservation';
import type { ActionResult, WireAction } from '../sync/contract';
import type { Queryable } from './store/types';

export const PRUNED_MESSAGE =
	'This action was answered before and the kiosk confirmed it recorded that answer; the stored copy has since been pruned. It was not applied again.';

/**
 * The answer for a revision below the device's acknowledged floor whose stored result is gone:
 * refused as a replay (never applied twice), with the card's current server copy.
 */
async function prunedReplay(
	q: Queryable,
	deviceId: string,
	a: WireAction,
	at: string
): Promise<ActionResult> {
	const floor = await q.query<{ acked_through: number }>(
		'SELECT acked_through FROM result_floors WHERE device_id = $1',
		[deviceId]
	);
	const through = Number(floor[0]?.acked_through ?? 0);
	if (a.queueRevision > through)
		throw new Error(`action ${deviceId}:${a.queueRevision} neither claimed nor below the floor`);
	const current = a.reservationId
		? ((
				await q.query<{ doc: Reservation }>('SELECT doc FROM reservations WHERE id = $1', [
					a.reservationId
				])
			)[0]?.doc ?? null)
		: null;
	return {
		queueRevision: a.queueRevision,
		status: 'rejected',
		replay: true,
		code: 'conflict',
		message: PRUNED_MESSAGE,
		details: { answered: 'pruned', ackedThrough: through },
		reservation: current,
		appliedAt: at
	};
}

/**
 * Claims (device, queueRevision) before anything else. On PostgreSQL a concurrent claim of the
 * same key waits here until the first commits, then sees it taken and reads its stored result.
 * Returns null when claimed now, or the stored result (marked as a replay).
 *
 * A revision at or below the device's acknowledged floor (`result_floors`, see
 * `result-floor.ts`) is never claimed again: its stored row may have been pruned, so the floor
 * row is what says "answered already". The floor row is locked `FOR SHARE` in a MATERIALIZED CTE
 * (so the lock is taken whatever the row's value: a filter pushed below the lock would skip it),
 * so a prune holding it `FOR UPDATE` while deleting finishes first and this claim then sees the
 * raised floor. The statement still starts `INSERT INTO applied_actions` (the nemesis logs
 * claims by that prefix).
 */
export async function claimOrReplay(
	q: Queryable,
	deviceId: string,
	a: WireAction,
	at: string
): Promise<ActionResult | null> {
	const claimed = await q.query(
		`INSERT INTO applied_actions (device_id, queue_revision, actor_uid, type, reservation_id, applied_at)
		 SELECT $1, $2, $3, $4, $5, $6
		 WHERE NOT EXISTS (
		   WITH floor AS MATERIALIZED (
		     SELECT acked_through FROM result_floors WHERE device_id = $1 FOR SHARE)
		   SELECT 1 FROM floor WHERE acked_through >= $2)
		 ON CONFLICT DO NOTHING RETURNING queue_revision`,
		[deviceId, a.queueRevision, a.actorUid, a.type, a.reservationId, at]
	);
	if (claimed.length > 0) return null;
	const rows = await q.query<{ result: ActionResult | null }>(
		'SELECT result FROM applied_actions WHERE device_id = $1 AND queue_revision = $2',
		[deviceId, a.queueRevision]
	);
	if (rows.length === 0) return prunedReplay(q, deviceId, a, at);
	const stored = rows[0]?.result;
	// The claim and its result commit together, so a visible claim always has a result.
	if (!stored) throw new Error(`claimed action ${deviceId}:${a.queueRevision} has no result`);
	return { ...stored, replay: true };
}

export async function storeResult(
	q: Queryable,
	deviceId: string,
	result: ActionResult
): Promise<void> {
	await q.query(
		'UPDATE applied_actions SET result = $3::jsonb WHERE device_id = $1 AND queue_revision = $2',
		[deviceId, result.queueRevision, JSON.stringify(result)]
	);
}
