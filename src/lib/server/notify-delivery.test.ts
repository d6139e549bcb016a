import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerNotification } from '../domain/effects';
import type { ServerDeps } from './deps';
import { MAX_ATTEMPTS, deliverPending } from './notify-delivery';
import type { NotificationTransport, Outbound, SendResult } from './notify-transport';
import { handlePublicRequest } from './public-request';
import { pullSince } from './pull';
import {
	STORE_KINDS,
	enrolKiosk,
	intake,
	status,
	testServer,
	wire
} from '../../testing/server/testing';

/** A transport that answers from a script and records every send. */
function fakeTransport(answers: (out: Outbound) => SendResult): NotificationTransport & {
	sent: Outbound[];
} {
	const sent: Outbound[] = [];
	return {
		name: 'fake',
		sent,
		send: async (out) => {
			sent.push(out);
			return answers(out);
		}
	};
}

const statuses = async (deps: ServerDeps) =>
	(
		await deps.store.query<{ doc: CustomerNotification; delivery_attempts: number }>(
			'SELECT doc, delivery_attempts FROM notifications ORDER BY id'
		)
	).map((r) => [r.doc.status, Number(r.delivery_attempts)]);

describe.each(STORE_KINDS)('notification delivery on %s', (kind) => {
	let deps: ServerDeps;
	let clock = Date.parse('2026-12-01T09:00:00.000Z');
	beforeEach(async () => {
		deps = await testServer(kind);
		deps.now = () => new Date(clock).toISOString();
		const kiosk = await enrolKiosk(deps);
		await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(status('CONFIRMED'), { rev: 2, id: 'R-1', base: 1 })
		]);
	});
	afterEach(() => deps.store.close());

	it('sends each queued notification once, marks it sent, and logs the change for kiosks', async () => {
		const t = fakeTransport(() => ({ ok: true }));
		const cursor = (await pullSince(deps.store, 0)).cursor;
		const run = await deliverPending(deps, t);
		expect(run).toMatchObject({ sent: 2, failed: 0, retrying: 0 });
		expect(t.sent.map((s) => s.notification.kind).sort()).toEqual([
			'confirmed',
			'request_received'
		]);
		expect(await statuses(deps)).toEqual([
			['sent', 1],
			['sent', 1]
		]);
		const pulled = await pullSince(deps.store, cursor);
		expect(pulled.notifications.map((n) => n.status)).toEqual(['sent', 'sent']);
		// Later runs never send them again.
		clock += 3_600_000;
		expect(await deliverPending(deps, t)).toMatchObject({ sent: 0 });
		expect(t.sent).toHaveLength(2);
	});

	it('retries a transient failure with backoff, then succeeds without duplicating', async () => {
		let fail = true;
		const t = fakeTransport(() =>
			fail ? { ok: false, error: 'http_503', retryable: true } : { ok: true }
		);
		expect(await deliverPending(deps, t)).toMatchObject({ retrying: 2 });
		// Not due yet: backoff holds them.
		expect(await deliverPending(deps, t)).toMatchObject({ sent: 0, retrying: 0 });
		expect(t.sent).toHaveLength(2);
		fail = false;
		clock += 31_000;
		expect(await deliverPending(deps, t)).toMatchObject({ sent: 2 });
		expect(await statuses(deps)).toEqual([
			['sent', 2],
			['sent', 2]
		]);
		expect(t.sent.map((s) => s.attempt)).toEqual([1, 1, 2, 2]);
	});

	it(`gives up after ${MAX_ATTEMPTS} attempts and marks the notification failed`, async () => {
		const t = fakeTransport(() => ({ ok: false, error: 'timeout', retryable: true }));
		for (let i = 0; i < MAX_ATTEMPTS + 3; i++) {
			await deliverPending(deps, t);
			clock += 3_600_000;
		}
		expect(await statuses(deps)).toEqual([
			['failed', MAX_ATTEMPTS],
			['failed', MAX_ATTEMPTS]
		]);
		expect(t.sent).toHaveLength(2 * MAX_ATTEMPTS);
	});

	it('a permanent failure (4xx) is failed at once', async () => {
		const t = fakeTransport(() => ({ ok: false, error: 'http_400', retryable: false }));
		expect(await deliverPending(deps, t)).toMatchObject({ failed: 2 });
		const rows = await deps.store.query<{ last_error: string }>(
			'SELECT last_error FROM notifications'
		);
		expect(rows.map((r) => r.last_error)).toEqual(['http_400', 'http_400']);
	});

	it('two runs at once never send the same notification twice', async () => {
		const t = fakeTransport(() => ({ ok: true }));
		await Promise.all([deliverPending(deps, t), deliverPending(deps, t), deliverPending(deps, t)]);
		const ids = t.sent.map((s) => s.notification.id);
		expect(ids).toHaveLength(2);
		expect(new Set(ids).size).toBe(2);
	});

	it('public requests carry the customer email to the transport', async () => {
		clock += 1000;
		await handlePublicRequest(
			deps,
			JSON.stringify({
				customerName: 'Pat',
				email: 'Pat@Example.com',
				firingType: 'bisque',
				estimatedHalfShelves: 1
			}),
			'10.0.0.1'
		);
		const t = fakeTransport(() => ({ ok: true }));
		await deliverPending(deps, t);
		const emails = t.sent.map((s) => s.email);
		expect(emails).toContain('pat@example.com');
		expect(emails.filter((e) => e === null)).toHaveLength(2);
	});
});

describe.each(STORE_KINDS)('notification delivery while stopping on %s', (kind) => {
	it('a stopping server claims nothing more; the rows stay queued for the others', async () => {
		const deps = await testServer(kind);
		try {
			const kiosk = await enrolKiosk(deps);
			await kiosk.push([
				wire(intake(), { rev: 1, id: 'R-1' }),
				wire(intake(), { rev: 2, id: 'R-2' })
			]);
			let stopping = false;
			const t = fakeTransport(() => {
				stopping = true; // the stop arrives during the first send
				return { ok: true };
			});
			const run = await deliverPending(deps, t, { shouldStop: () => stopping });
			expect(run.sent).toBe(1);
			expect((await statuses(deps)).map(([s]) => s).sort()).toEqual(['queued', 'sent']);
			const left = await deps.store.query<{ lease_until: string | null }>(
				`SELECT lease_until FROM notifications WHERE doc->>'status' = 'queued'`
			);
			expect(left[0].lease_until).toBeNull(); // never claimed: any server may take it now
		} finally {
			await deps.store.close();
		}
	});
});
