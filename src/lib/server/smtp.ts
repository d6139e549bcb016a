import { createTransport } from 'nodemailer';
import { z } from 'zod';
import type { CustomerNotification } from '../domain/effects';
import { shortReference } from '../domain/reference';
import { bodyWithLink } from './notify-link';
import type { NotificationTransport, SendResult } from './notify-transport';

type Env = Record<string, string | undefined>;

const Address = z.string().trim().min(3).max(320);

/** Where the mail relay is and who the mail is from; read once at start-up. */
export const SmtpConfig = z.object({
	/** `smtp://user:pass@host:587` or `smtps://…:465`; wins over host/port when set. */
	url: z.url({ protocol: /^smtps?$/ }).nullable(),
	host: z.string().trim().min(1).max(255).nullable(),
	port: z.coerce.number().int().min(1).max(65535).nullable(),
	/** Implicit TLS (port 465); otherwise STARTTLS is used when the relay offers it. */
	secure: z.boolean(),
	user: z.string().max(320).nullable(),
	pass: z.string().max(1000).nullable(),
	from: Address,
	/** Give up on one connection attempt or reply after this long (then retried with backoff). */
	timeoutMs: z.number().int().min(100).max(120_000)
});
export type SmtpConfig = z.infer<typeof SmtpConfig>;

export type SmtpFromEnv = { ok: true; config: SmtpConfig | null } | { ok: false; message: string };

const blank = (v: string | undefined) => (v?.trim() ? v.trim() : null);

/**
 * `SMTP_URL`, or `SMTP_HOST` (+ `SMTP_PORT`, `SMTP_SECURE`, `SMTP_USER`, `SMTP_PASS`), with
 * `SMTP_FROM`. None of them set → null (the log transport stays the default). A half-set or
 * invalid configuration is a start-up error, never a silent fallback to the log.
 */
export function smtpConfigFromEnv(env: Env): SmtpFromEnv {
	const url = blank(env.SMTP_URL);
	const host = blank(env.SMTP_HOST);
	if (!url && !host) return { ok: true, config: null };
	const parsed = SmtpConfig.safeParse({
		url,
		host,
		port: blank(env.SMTP_PORT),
		secure: blank(env.SMTP_SECURE) === 'true',
		user: blank(env.SMTP_USER),
		pass: env.SMTP_PASS ?? null,
		from: env.SMTP_FROM ?? '',
		timeoutMs: Number(blank(env.SMTP_TIMEOUT_MS) ?? 15_000)
	});
	if (!parsed.success)
		return {
			ok: false,
			message: `SMTP configuration: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'value'} ${i.message}`).join('; ')} (set SMTP_FROM and SMTP_URL or SMTP_HOST)`
		};
	return { ok: true, config: parsed.data };
}

const HTML_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};
/** Everything that reaches the HTML part goes through this: names and notes are untrusted. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

export interface Email {
	subject: string;
	text: string;
	html: string;
}

/**
 * One customer message as an email: reference in the subject, the status link (when this message
 * carries it) as the same sentence in the text and as a link in the HTML.
 */
export function composeEmail(n: CustomerNotification, statusUrl: string | null): Email {
	const ref = shortReference(n.reservationId);
	const text = `${bodyWithLink(n.body, statusUrl)}\n\nReference: ${ref}\n`;
	const paragraphs = n.body
		.split(/\n{2,}/)
		.map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
		.join('');
	const linkHtml = statusUrl
		? `<p>See where your work is at any time: <a href="${escapeHtml(statusUrl)}">your status page</a></p>`
		: '';
	const html = `<!doctype html><html><body>${paragraphs}<p>Reference: <strong>${escapeHtml(ref)}</strong></p>${linkHtml}</body></html>`;
	return { subject: `${n.title} (${ref})`, text, html };
}

interface MailError {
	code?: string;
	responseCode?: number;
}

/**
 * 5xx is a permanent refusal (a bounce at RCPT or DATA): failed, not retried. 503 (bad command
 * sequence) and every 4xx or connection failure may pass later: retried with backoff.
 */
export function classifySmtpError(err: unknown): SendResult & { ok: false } {
	const e = (err ?? {}) as MailError;
	const code = e.responseCode;
	if (typeof code === 'number')
		return { ok: false, error: `smtp_${code}`, retryable: !(code >= 500 && code !== 503) };
	return { ok: false, error: (e.code ?? 'network').toLowerCase(), retryable: true };
}

/**
 * Sends each notification as a plain-text + HTML email. The Message-ID is derived from the
 * notification id, so the copy resent after a lost reply can be recognised as the same message.
 * The status link comes with the message from the delivery queue (`Outbound.statusUrl`).
 */
export function smtpTransport(config: SmtpConfig): NotificationTransport {
	const mailer = createTransport(
		config.url
			? { url: config.url, connectionTimeout: config.timeoutMs, socketTimeout: config.timeoutMs }
			: {
					host: config.host ?? undefined,
					port: config.port ?? (config.secure ? 465 : 587),
					secure: config.secure,
					auth: config.user ? { user: config.user, pass: config.pass ?? '' } : undefined,
					connectionTimeout: config.timeoutMs,
					greetingTimeout: config.timeoutMs,
					socketTimeout: config.timeoutMs
				}
	);
	const domain =
		config.from
			.split('@')
			.at(-1)
			?.replace(/[^A-Za-z0-9.-]/g, '') || 'kilnboard';
	return {
		name: 'smtp',
		send: async ({ notification: n, email, statusUrl }) => {
			// A card made at the desk may have no address: nothing will change that by retrying.
			if (!email) return { ok: false, error: 'no_email_address', retryable: false };
			const mail = composeEmail(n, statusUrl);
			try {
				await mailer.sendMail({
					from: config.from,
					to: email,
					subject: mail.subject,
					text: mail.text,
					html: mail.html,
					messageId: `<${n.id.replace(/[^A-Za-z0-9._-]/g, '.')}@${domain}>`
				});
				return { ok: true };
			} catch (err) {
				return classifySmtpError(err);
			}
		}
	};
}
