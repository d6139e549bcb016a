import type { CustomerNotification } from '../domain/effects';
import type { Logger } from './log';
import { bodyWithLink } from './notify-link';
import { smtpConfigFromEnv, smtpTransport } from './smtp';

/** What a transport receives: the stored message plus where it goes. */
export interface Outbound {
	notification: CustomerNotification;
	/** The customer's email when known (public requests); staff intakes may have none. */
	email: string | null;
	attempt: number;
	/**
	 * The customer's status-page link, on the first message sent while the server still holds
	 * the raw token (`notify-delivery`); null after that. Secret: never logged.
	 */
	statusUrl: string | null;
}

export type SendResult = { ok: true } | { ok: false; error: string; retryable: boolean };

/** Pluggable delivery; a transport never throws for an expected failure. */
export interface NotificationTransport {
	readonly name: string;
	send(out: Outbound): Promise<SendResult>;
}

/** Default: one structured log line per notification (a studio without a mail relay). */
export function logTransport(log: Logger): NotificationTransport {
	return {
		name: 'log',
		send: async ({ notification: n, email, attempt, statusUrl }) => {
			log.info('notification', {
				notificationId: n.id,
				kind: n.kind,
				reservationId: n.reservationId,
				ownerUid: n.ownerUid,
				// Customer addresses never go to the server log.
				hasEmail: email !== null,
				hasStatusLink: statusUrl !== null,
				attempt,
				title: n.title
			});
			return { ok: true };
		}
	};
}

type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * POSTs each notification as JSON. The `idempotency-key` header is the notification id, so a
 * receiver can drop the copy we resend after a lost response.
 */
export function webhookTransport(
	url: string,
	opts: { fetch?: Fetch; timeoutMs?: number } = {}
): NotificationTransport {
	const doFetch: Fetch = opts.fetch ?? ((u, i) => fetch(u, i));
	return {
		name: 'webhook',
		send: async ({ notification, email, attempt, statusUrl }) => {
			// Receivers that forward only the body (SMS gateways) still get the link in it.
			const body = { ...notification, body: bodyWithLink(notification.body, statusUrl) };
			try {
				const res = await doFetch(url, {
					method: 'POST',
					headers: { 'content-type': 'application/json', 'idempotency-key': notification.id },
					body: JSON.stringify({ notification: body, email, attempt, statusUrl }),
					signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000)
				});
				if (res.ok) return { ok: true };
				// A 4xx other than timeout / rate limit will not improve by resending.
				const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
				return { ok: false, error: `http_${res.status}`, retryable };
			} catch (err) {
				return { ok: false, error: (err as Error)?.name ?? 'network', retryable: true };
			}
		}
	};
}

/**
 * SMTP configured (`SMTP_URL` or `SMTP_HOST`, with `SMTP_FROM`) → email; else
 * `NOTIFY_WEBHOOK_URL` set → webhook; otherwise the log transport (the demo default).
 * A half-set SMTP configuration throws at start-up instead of silently logging.
 */
export function transportFromEnv(
	env: Record<string, string | undefined>,
	log: Logger
): NotificationTransport {
	const smtp = smtpConfigFromEnv(env);
	if (!smtp.ok) throw new Error(smtp.message);
	if (smtp.config) return smtpTransport(smtp.config);
	const url = env.NOTIFY_WEBHOOK_URL?.trim();
	return url ? webhookTransport(url) : logTransport(log);
}
