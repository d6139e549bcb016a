import { describe, expect, it } from 'vitest';
import type { CustomerNotification } from '../domain/effects';
import { logTransport, transportFromEnv, webhookTransport } from './notify-transport';

const n: CustomerNotification = {
	id: 'ntf:dev_a:1:R-1:confirmed',
	ownerUid: 'cust-maya',
	reservationId: 'R-1',
	kind: 'confirmed',
	title: 'Your firing is confirmed',
	body: 'Body',
	createdAt: '2026-12-01T09:00:00.000Z',
	status: 'queued',
	readAt: null
};

describe('notification transports', () => {
	it('log: one structured line per notification', async () => {
		const lines: [string, Record<string, unknown> | undefined][] = [];
		const t = logTransport({
			info: (m, f) => lines.push([m, f]),
			warn: () => {},
			error: () => {}
		});
		expect(await t.send({ notification: n, email: null, attempt: 1, statusUrl: null })).toEqual({
			ok: true
		});
		expect(lines).toEqual([
			[
				'notification',
				expect.objectContaining({ notificationId: n.id, kind: 'confirmed', reservationId: 'R-1' })
			]
		]);
	});

	it('webhook: POSTs JSON with the notification id as idempotency key', async () => {
		const calls: { url: string; init: RequestInit }[] = [];
		const t = webhookTransport('https://hooks.example/notify', {
			fetch: async (url, init) => {
				calls.push({ url, init });
				return new Response(null, { status: 204 });
			}
		});
		expect(await t.send({ notification: n, email: 'a@b.c', attempt: 2, statusUrl: null })).toEqual({
			ok: true
		});
		expect(calls).toHaveLength(1);
		const headers = new Headers(calls[0].init.headers);
		expect(calls[0].init.method).toBe('POST');
		expect(headers.get('idempotency-key')).toBe(n.id);
		expect(JSON.parse(String(calls[0].init.body))).toEqual({
			notification: n,
			email: 'a@b.c',
			attempt: 2,
			statusUrl: null
		});
	});

	it('webhook: the status link comes as a field and as the sentence in the body', async () => {
		let sent: unknown = null;
		const t = webhookTransport('https://hooks.example/notify', {
			fetch: async (_url, init) => {
				sent = JSON.parse(String(init.body));
				return new Response(null, { status: 204 });
			}
		});
		const url = 'https://studio.test/status/abc';
		await t.send({ notification: n, email: null, attempt: 1, statusUrl: url });
		expect(sent).toMatchObject({
			statusUrl: url,
			notification: { id: n.id, body: `Body\n\nSee where your work is at any time: ${url}` }
		});
	});

	it.each([
		[500, true],
		[503, true],
		[429, true],
		[408, true],
		[400, false],
		[404, false]
	])('webhook: HTTP %i → retryable %s', async (code, retryable) => {
		const t = webhookTransport('https://x', {
			fetch: async () => new Response('no', { status: code })
		});
		expect(await t.send({ notification: n, email: null, attempt: 1, statusUrl: null })).toEqual({
			ok: false,
			error: `http_${code}`,
			retryable
		});
	});

	it('webhook: a network error is retryable, never thrown', async () => {
		const t = webhookTransport('https://x', {
			fetch: async () => {
				throw new TypeError('fetch failed');
			}
		});
		expect(
			await t.send({ notification: n, email: null, attempt: 1, statusUrl: null })
		).toMatchObject({
			ok: false,
			retryable: true
		});
	});

	it('from env: webhook only when NOTIFY_WEBHOOK_URL is set', () => {
		const log = { info() {}, warn() {}, error() {} };
		expect(transportFromEnv({}, log).name).toBe('log');
		expect(transportFromEnv({ NOTIFY_WEBHOOK_URL: ' ' }, log).name).toBe('log');
		expect(transportFromEnv({ NOTIFY_WEBHOOK_URL: 'https://x/y' }, log).name).toBe('webhook');
	});
});
