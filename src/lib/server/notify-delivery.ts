import type { CustomerNotification } from '../domain/effects';
import { appendChanges } from './change-log';
import type { ApplyDeps } from './deps';
import type { NotificationTransport } from './notify-transport';
import { forgetSentToken, unsentStatusUrl } from './status-page';
import type { Queryable } from './store/types';

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
 * A server that dies between the send and marking it sent leaves the lease to expire; another
 * server then sends again with the same `idempotency-key` (at-least-once only in that window).
 */
export async function deliverPending(
	deps: ApplyDeps,
	transport: NotificationTransport,
	opts: {
		batch?: number;
		maxAttempts?: number;
		/** How long a claim lasts (default 120 s); a dead server's claims expire after it. */
		leaseMs?: number;
		/** Checked before each claim: a stopping server leaves the rest to the others. */
		shouldStop?: () => boolean;
	} = {}
): Promise<DeliveryRun> {
	const maxAttempts = opts.maxAttempts ?? MAX_ATTEMPTS;
	const batch = opts.batch ?? 100;
	const run: DeliveryRun = { sent: 0, failed: 0, retrying: 0, seq: 0 };
	for (let n = 0; n < batch && !opts.shouldStop?.(); n++) {
		const now = deps.now();
		// One statement picks and leases the next due row; SKIP LOCKED lets a concurrent run on
		// another server take a different row instead of waiting for this one.
		const claimed = await deps.store.query<{
			id: string;
			doc: CustomerNotification;
			delivery_attempts: number;
			email: string | null;
		}>(
			`UPDATE notifications SET delivery_attempts = delivery_attempts + 1, lease_until = $2
			 WHERE id = (SELECT id FROM notifications WHERE doc->>'status' = 'queued'
			   AND (next_attempt_at IS NULL OR next_attempt_at <= $1)
			   AND (lease_until IS NULL OR lease_until <= $1)
			   ORDER BY doc->>'createdAt', id LIMIT 1 FOR UPDATE SKIP LOCKED)
			 AND doc->>'status' = 'queued' AND (lease_until IS NULL OR lease_until <= $1)
			 RETURNING id, doc, delivery_attempts,
			   (SELECT email FROM people WHERE uid = doc->>'ownerUid') AS email`,
			[now, addMs(now, opts.leaseMs ?? LEASE_MS)]
		);
		const row = claimed[0];
		if (!row) break; // nothing due (or every due row is leased by another run)
		const id = row.id;
		const attempt = Number(row.delivery_attempts);
		// The status link goes to the transport beside the message (the one place it is looked up;
		// each transport renders it), never into the stored message that kiosks pull.
		const statusUrl = await unsentStatusUrl(deps.store, row.doc.reservationId);
		const res = await transport.send({
			notification: row.doc,
			email: row.email ?? null,
			attempt,
			statusUrl
		});
		if (res.ok) {
			run.sent++;
			if (statusUrl) await forgetSentToken(deps.store, row.doc.reservationId);
			run.seq = Math.max(run.seq, await finish(deps, id, 'sent', null));
		} else if (!res.retryable || attempt >= maxAttempts) {
			run.failed++;
			deps.log.warn('notification failed', { notificationId: id, attempt, error: res.error });
			run.seq = Math.max(run.seq, await finish(deps, id, 'failed', res.error));
		} else {
			run.retrying++;
			const retryAt = addMs(deps.now(), BASE_BACKOFF_MS * 2 ** (attempt - 1));
			// The doc carries the error and the retry time, logged as a card change, so staff see
			// a message that is not getting through before it finally fails.
			const seq = await deps.store.transaction(async (tx) => {
				const rows = await tx.query<{ reservation_id: string; version: number | null }>(
					`UPDATE notifications n SET lease_until = NULL, last_error = $2, next_attempt_at = $3,
					 doc = n.doc || jsonb_build_object('deliveryError', $2::text, 'retryAt', $4::text)
					 WHERE n.id = $1
					 RETURNING n.reservation_id, (SELECT version FROM reservations r WHERE r.id = n.reservation_id) AS version`,
					[id, res.error, retryAt, retryAt]
				);
				return logCardChange(tx, rows[0], deps.now());
			});
			run.seq = Math.max(run.seq, seq);
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
			`UPDATE notifications n SET doc = n.doc || jsonb_build_object('status', $2::text,
			   'deliveryError', $3::text, 'retryAt', NULL),
			 lease_until = NULL, last_error = $3, delivered_at = CASE WHEN $2 = 'sent' THEN $4::timestamptz END
			 WHERE n.id = $1
			 RETURNING n.reservation_id, (SELECT version FROM reservations r WHERE r.id = n.reservation_id) AS version`,
			[id, status, error, at]
		);
		return logCardChange(tx, rows[0], at);
	});
}

/** Logs a notification's card as changed (no field group), so kiosks pull the new doc. */
async function logCardChange(
	tx: Queryable,
	row: { reservation_id: string; version: number | null } | undefined,
	at: string
): Promise<number> {
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
}
