import type { ActionResult, WireAction } from '../sync/contract';
import type { Queryable } from './store/types';

/**
 * Claims (device, queueRevision) before anything else. On PostgreSQL a concurrent claim of the
 * same key waits here until the first commits, then sees it taken and reads its stored result.
 * Returns null when claimed now, or the stored result (marked as a replay).
 */
export async function claimOrReplay(
	q: Queryable,
	deviceId: string,
	a: WireAction,
	at: string
): Promise<ActionResult | null> {
	const claimed = await q.query(
		`INSERT INTO applied_actions (device_id, queue_revision, actor_uid, type, reservation_id, applied_at)
		 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING queue_revision`,
		[deviceId, a.queueRevision, a.actorUid, a.type, a.reservationId, at]
	);
	if (claimed.length > 0) return null;
	const rows = await q.query<{ result: ActionResult | null }>(
		'SELECT result FROM applied_actions WHERE device_id = $1 AND queue_revision = $2',
		[deviceId, a.queueRevision]
	);
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
