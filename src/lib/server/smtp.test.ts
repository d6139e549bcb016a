import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerNotification } from '../domain/effects';
import type { ServerDeps } from './deps';
import { deliverPending } from './notify-delivery';
import { transportFromEnv } from './notify-transport';
import { handlePublicRequest } from './public-request';
import { composeEmail, smtpConfigFromEnv, smtpTransport, type SmtpConfig } from './smtp';
import { STORE_KINDS, testServer } from '../../testing/server/testing';

/** A real SMTP server in this process on port 0; `reject` decides a reply per recipient. */
async function mailbox(reject: (rcpt: string) => number | null = () => null) {
	const received: { mail: ParsedMail; rcpt: string[] }[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onRcptTo(address, _session, cb) {
			const code = reject(address.address);
			if (code === null) return cb();
			const err = Object.assign(new Error(`refused ${address.address}`), { responseCode: code });
			cb(err);
		},
		onData(stream, session, cb) {
			simpleParser(stream)
				.then((mail) => {
					received.push({ mail, rcpt: session.envelope.rcptTo.map((r) => r.address) });
					cb();
				})
				.catch(cb);
		}
	});
	await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
	const port = (server.server.address() as AddressInfo).port;
	return {
		received,
		config: {
			url: null,
			host: '127.0.0.1',
			port,
			secure: false,
			user: null,
			pass: null,
			from: 'Kilnboard Studio <studio@kilnboard.test>',
			timeoutMs: 5000
		} satisfies SmtpConfig,
		close: () => new Promise<void>((ok) => server.close(() => ok()))
	};
}

const n: CustomerNotification = {
	id: 'ntf:dev_a:1:KB-1042:confirmed',
	ownerUid: 'cust-maya',
	reservationId: 'KB-1042',
	kind: 'confirmed',
	title: 'Your firing is confirmed',
	body: 'Hi <Maya> & co,\nyour "glaze" firing is confirmed.',
	createdAt: '2026-12-01T09:00:00.000Z',
	status: 'queued',
	readAt: null
};

describe('composeEmail', () => {
	it('puts the reference in subject and body and escapes everything in the HTML', () => {
		const m = composeEmail(n, 'https://studio.test/status/KB-1042?t="x"');
		expect(m.subject).toBe('Your firing is confirmed (KB-1042)');
		expect(m.text).toContain('Hi <Maya> & co,');
		expect(m.text).toContain('Reference: KB-1042');
		expect(m.text).toContain('https://studio.test/status/KB-1042?t="x"');
		expect(m.html).toContain('Hi &lt;Maya&gt; &amp; co,<br>your &quot;glaze&quot;');
		expect(m.html).toContain('href="https://studio.test/status/KB-1042?t=&quot;x&quot;"');
		expect(m.html).not.toContain('<Maya>');
	});
	it('without a status link there is no link', () => {
		expect(composeEmail(n, null).html).not.toContain('<a ');
	});
});

describe('SMTP configuration from the environment', () => {
	const log = { info() {}, warn() {}, error() {} };
	it('nothing set → no SMTP, the log transport stays the default', () => {
		expect(smtpConfigFromEnv({})).toEqual({ ok: true, config: null });
		expect(transportFromEnv({}, log).name).toBe('log');
	});
	it('SMTP_URL or SMTP_HOST with SMTP_FROM → smtp (wins over the webhook)', () => {
		const env = { SMTP_URL: 'smtp://u:p@mail.test:2525', SMTP_FROM: 'a@b.test' };
		expect(smtpConfigFromEnv(env)).toMatchObject({
			ok: true,
			config: { url: 'smtp://u:p@mail.test:2525', from: 'a@b.test' }
		});
		expect(transportFromEnv({ ...env, NOTIFY_WEBHOOK_URL: 'https://x/y' }, log).name).toBe('smtp');
		expect(
			smtpConfigFromEnv({
				SMTP_HOST: 'mail.test',
				SMTP_PORT: '465',
				SMTP_SECURE: 'true',
				SMTP_FROM: 'a@b.test'
			})
		).toMatchObject({ ok: true, config: { host: 'mail.test', port: 465, secure: true } });
	});
	it('half-set or invalid settings are a start-up error, not a silent log', () => {
		expect(smtpConfigFromEnv({ SMTP_HOST: 'mail.test' })).toMatchObject({ ok: false });
		expect(smtpConfigFromEnv({ SMTP_URL: 'http://x', SMTP_FROM: 'a@b.test' })).toMatchObject({
			ok: false
		});
		expect(() => transportFromEnv({ SMTP_HOST: 'mail.test', SMTP_PORT: 'x' }, log)).toThrow(
			/SMTP configuration/
		);
	});
});

describe('SMTP transport against a real server', () => {
	let box: Awaited<ReturnType<typeof mailbox>>;
	afterEach(() => box.close());

	it('delivers text and HTML with the reference, link, recipient and a stable Message-ID', async () => {
		box = await mailbox();
		const t = smtpTransport(box.config);
		const statusUrl = 'https://studio.test/status/KB-1042';
		expect(
			await t.send({ notification: n, email: 'maya@example.test', attempt: 1, statusUrl })
		).toEqual({ ok: true });
		expect(box.received).toHaveLength(1);
		const { mail, rcpt } = box.received[0];
		expect(rcpt).toEqual(['maya@example.test']);
		expect(mail.subject).toBe('Your firing is confirmed (KB-1042)');
		expect(mail.from?.text).toContain('studio@kilnboard.test');
		expect(mail.text).toContain('your "glaze" firing is confirmed.');
		expect(mail.text).toContain('Reference: KB-1042');
		expect(mail.text).toContain(
			'See where your work is at any time: https://studio.test/status/KB-1042'
		);
		expect(mail.html).toContain('Hi &lt;Maya&gt; &amp; co,');
		expect(mail.html).toContain('<a href="https://studio.test/status/KB-1042">');
		expect(mail.messageId).toBe('<ntf.dev_a.1.KB-1042.confirmed@kilnboard.test>');
	});

	it('a 5xx refusal (bounce at RCPT) is permanent; a 4xx is retried', async () => {
		box = await mailbox((rcpt) =>
			rcpt.startsWith('gone') ? 550 : rcpt.startsWith('busy') ? 451 : null
		);
		const t = smtpTransport(box.config);
		expect(
			await t.send({ notification: n, email: 'gone@example.test', attempt: 1, statusUrl: null })
		).toEqual({
			ok: false,
			error: 'smtp_550',
			retryable: false
		});
		expect(
			await t.send({ notification: n, email: 'busy@example.test', attempt: 1, statusUrl: null })
		).toEqual({
			ok: false,
			error: 'smtp_451',
			retryable: true
		});
		expect(box.received).toHaveLength(0);
	});

	it('no address is a permanent failure; a relay that is down is retried', async () => {
		box = await mailbox();
		const t = smtpTransport(box.config);
		expect(await t.send({ notification: n, email: null, attempt: 1, statusUrl: null })).toEqual({
			ok: false,
			error: 'no_email_address',
			retryable: false
		});
		// Port 1 on loopback: nothing listens there, the connection is refused.
		const down = smtpTransport({ ...box.config, port: 1, timeoutMs: 2000 });
		expect(
			await down.send({ notification: n, email: 'maya@example.test', attempt: 1, statusUrl: null })
		).toMatchObject({ ok: false, retryable: true });
	});
});

describe.each(STORE_KINDS)('email through the delivery queue on %s', (kind) => {
	let deps: ServerDeps;
	let box: Awaited<ReturnType<typeof mailbox>>;
	let clock = Date.parse('2026-12-01T09:00:00.000Z');
	beforeEach(async () => {
		deps = await testServer(kind);
		deps.now = () => new Date(clock).toISOString();
	});
	afterEach(async () => {
		await box.close();
		await deps.store.close();
	});

	const request = (email: string) =>
		handlePublicRequest(
			deps,
			JSON.stringify({ customerName: 'Pat', email, firingType: 'bisque', estimatedHalfShelves: 1 }),
			'10.0.0.1'
		);
	const rows = () =>
		deps.store.query<{
			doc: CustomerNotification;
			last_error: string | null;
			delivery_attempts: number;
		}>('SELECT doc, last_error, delivery_attempts FROM notifications ORDER BY id');

	it('each message arrives once, however many runs', async () => {
		box = await mailbox();
		await request('pat@example.test');
		const t = smtpTransport(box.config);
		expect(await deliverPending(deps, t)).toMatchObject({ sent: 1 });
		clock += 3_600_000;
		expect(await deliverPending(deps, t)).toMatchObject({ sent: 0 });
		expect(box.received).toHaveLength(1);
		expect(box.received[0].rcpt).toEqual(['pat@example.test']);
		expect(box.received[0].mail.subject).toMatch(/\(KB-[0-9A-Z]+\)$/);
		// The first message carries the status link the delivery queue hands over (text and HTML).
		const { text, html } = box.received[0].mail;
		expect(text).toMatch(/See where your work is at any time: \S*\/status\/[A-Za-z0-9_-]{43}/);
		expect(html).toMatch(/<a href="\S*\/status\/[A-Za-z0-9_-]{43}">/);
		expect((await rows()).map((r) => r.doc.status)).toEqual(['sent']);
	});

	it('a bounce (550) is failed with its code and never retried; a 451 backs off and then arrives', async () => {
		let code: number | null = 550;
		box = await mailbox(() => code);
		await request('pat@example.test');
		const t = smtpTransport(box.config);
		expect(await deliverPending(deps, t)).toMatchObject({ failed: 1 });
		expect((await rows()).map((r) => [r.doc.status, r.last_error])).toEqual([
			['failed', 'smtp_550']
		]);
		clock += 3_600_000;
		expect(await deliverPending(deps, t)).toMatchObject({ sent: 0, failed: 0, retrying: 0 });

		clock += 1000;
		await handlePublicRequest(
			deps,
			JSON.stringify({
				customerName: 'Ola',
				email: 'ola@example.test',
				firingType: 'glaze',
				estimatedHalfShelves: 1
			}),
			'10.0.0.2'
		);
		code = 451;
		expect(await deliverPending(deps, t)).toMatchObject({ retrying: 1 });
		// Staff see it: the pulled doc says why and when it is tried again.
		const retrying = (await rows()).find((r) => r.doc.status === 'queued')!.doc;
		expect(retrying).toMatchObject({ deliveryError: 'smtp_451', retryAt: expect.any(String) });
		code = null;
		expect(await deliverPending(deps, t)).toMatchObject({ sent: 0 }); // still backing off
		clock += 31_000;
		expect(await deliverPending(deps, t)).toMatchObject({ sent: 1 });
		expect(box.received.map((r) => r.rcpt)).toEqual([['ola@example.test']]);
		expect((await rows()).map((r) => [r.doc.status, r.doc.deliveryError]).sort()).toEqual([
			['failed', 'smtp_550'],
			['sent', null]
		]);
	});
});
