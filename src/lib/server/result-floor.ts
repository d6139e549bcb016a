import type { ServerDeps } from './deps';

/**
 * How long an acknowledged result stays stored after it was applied. The kiosk has recorded it,
 * so no resend needs it; the week is for people (support reading what a kiosk was answered).
 * Results a kiosk has not acknowledged are never pruned.
 */
export const RESULT_KEEP_MS = 7 * 24 * 3_600_000;

/**
 * A push said "I have recorded every result up to `acked`". Raises the device's floor (never
 * above the highest revision it ever had claimed, so a wrong number cannot make its future
 * actions look answered) and prunes its stored results at or below the floor that are older
 * than `RESULT_KEEP_MS`. The floor row is created first and only pruned under on a later push:
 * a claim running now cannot see a row created in a transaction that has not committed, but it
 * does wait for an existing one this transaction holds `FOR UPDATE`. Best effort: a failure
 * is logged and the push's answer is unaffected. Returns the rows pruned.
 */
export async function noteAcked(
	deps: Pick<ServerDeps, 'store' | 'now' | 'log'>,
	deviceId: string,
	acked: number | undefined
): Promise<number> {
	if (acked === undefined || acked < 1) return 0;
	try {
		return await deps.store.transaction(async (tx) => {
			const now = deps.now();
			const held = await tx.query<{ acked_through: number }>(
				'SELECT acked_through FROM result_floors WHERE device_id = $1 FOR UPDATE',
				[deviceId]
			);
			const top = await tx.query<{ m: number | null }>(
				'SELECT max(queue_revision) AS m FROM applied_actions WHERE device_id = $1',
				[deviceId]
			);
			const old = held.length ? Number(held[0].acked_through) : null;
			const next = Math.max(old ?? 0, Math.min(acked, Number(top[0]?.m ?? 0)));
			if (old === null) {
				await tx.query(
					'INSERT INTO result_floors (device_id, acked_through, updated_at) VALUES ($1, $2, $3)',
					[deviceId, next, now]
				);
				return 0;
			}
			if (next > old)
				await tx.query(
					'UPDATE result_floors SET acked_through = $2, updated_at = $3 WHERE device_id = $1',
					[deviceId, next, now]
				);
			const cutoff = new Date(Date.parse(now) - RESULT_KEEP_MS).toISOString();
			const gone = await tx.query(
				`DELETE FROM applied_actions
				 WHERE device_id = $1 AND queue_revision <= $2 AND applied_at < $3
				 RETURNING queue_revision`,
				[deviceId, next, cutoff]
			);
			return gone.length;
		});
	} catch (err) {
		deps.log.error('acknowledged results not pruned', { deviceId, error: String(err) });
		return 0;
	}
}
