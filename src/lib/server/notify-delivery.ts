import type { CustomerNotification } from '../domain/effects';
import { appendChanges } from './change-log';
import type { ApplyDeps } from './deps';
import type { NotificationTransport } from './notify-transport';

export const NOTIFY_INTERVAL_MS = 30_000;
export const MAX_ATTEMPTS = 5;
const BASE_BACKOFF_MS = 30_000;
// Longer than any send; a server that dies mid-send lets another retry after this.
const LEASE_MS = 120_000;

export interface DeliveryRun {
	sent: number;
	failed: number;
	retrying: number;
	seq: number;
}

const addMs = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/**
 * Sends queued notifications through `transport`. Each row is claimed with a lease before the
 * send, so two servers (or two runs) never send the same id at once, and a row marked sent or
 * failed is never picked up again. Failures back off (30 s doubling) up to `maxAttempts`.
 */
export async function deliverPending(
	deps: ApplyDeps,
	transport: NotificationTransport,
	opts: { batch?: number; maxAttempts?: number } = {}
): Promise<DeliveryRun> {
	const maxAttempts = opts.maxAttempts ?? MAX_ATTEMPTS;
	const now = deps.now();
	const due = await deps.store.query<{ id: string }>(
		`SELECT id FROM notifications WHERE doc->>'status' = 'queued'
		 AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
		 AND (lease_until IS NULL OR lease_until <= $1) ORDER BY doc->>'createdAt', id LIMIT $2`,
		[now, opts.batch ?? 100]
	);
	const run: DeliveryRun = { sent: 0, failed: 0, retrying: 0, seq: 0 };
	for (const { id } of due) {
		const claimed = await deps.store.query<{
			doc: CustomerNotification;
			delivery_attempts: number;
		}>(
			`UPDATE notifications SET delivery_attempts = delivery_attempts + 1, lease_until = $2
			 WHERE id = $1 AND doc->>'status' = 'queued' AND (lease_until IS NULL OR lease_until <= $3)
			 RETURNING doc, delivery_attempts`,
			[id, addMs(now, LEASE_MS), now]
		);
		const row = claimed[0];
		if (!row) continue; // another run took it
		const attempt = Number(row.delivery_attempts);
		const email = await emailOf(deps, row.doc.ownerUid);
		const res = await transport.send({ notification: row.doc, email, attempt });
		if (res.ok) {
			run.sent++;
			run.seq = Math.max(run.seq, await finish(deps, id, 'sent', null));
		} else if (!res.retryable || attempt >= maxAttempts) {
			run.failed++;
			deps.log.warn('notification failed', { notificationId: id, attempt, error: res.error });
			run.seq = Math.max(run.seq, await finish(deps, id, 'failed', res.error));
		} else {
			run.retrying++;
			await deps.store.query(
				`UPDATE notifications SET lease_until = NULL, last_error = $2, next_attempt_at = $3
				 WHERE id = $1`,
				[id, res.error, addMs(deps.now(), BASE_BACKOFF_MS * 2 ** (attempt - 1))]
			);
		}
	}
	return run;
}

/** Final status on the stored doc, logged as a change of its card so kiosks pull it. */
async function finish(
	deps: ApplyDeps,
	id: string,
	status: 'sent' | 'failed',
	error: string | null
): Promise<number> {
	const at = deps.now();
	return deps.store.transaction(async (tx) => {
		const rows = await tx.query<{ reservation_id: string; version: number | null }>(
			`UPDATE notifications n SET doc = jsonb_set(n.doc, '{status}', to_jsonb($2::text)),
			 lease_until = NULL, last_error = $3, delivered_at = CASE WHEN $2 = 'sent' THEN $4::timestamptz END
			 WHERE n.id = $1
			 RETURNING n.reservation_id, (SELECT version FROM reservations r WHERE r.id = n.reservation_id) AS version`,
			[id, status, error, at]
		);
		const row = rows[0];
		if (!row || row.version === null) return 0;
		return appendChanges(tx, [
			{
				reservationId: row.reservation_id,
				deviceId: null,
				version: Number(row.version),
				groups: [],
				at
			}
		]);
	});
}

async function emailOf(deps: ApplyDeps, uid: string): Promise<string | null> {
	const rows = await deps.store.query<{ email: string | null }>(
		'SELECT email FROM people WHERE uid = $1',
		[uid]
	);
	return rows[0]?.email ?? null;
}
