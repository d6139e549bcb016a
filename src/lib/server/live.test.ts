import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestDeps } from '../../testing/server/test-deps';
import { pushWithFaults } from '../../testing/server/test-deps';
import { EventHub } from './events';
import { handleEvents, handleLiveTicket, LIVE_TICKET_MS } from './sse';
import { handleRevokeDevice } from './admin-devices';
import { issueTicket } from './devices';
import { handleFaults } from '../../testing/server/test-faults';
import {
	STORE_KINDS,
	count,
	enrolKiosk,
	intake,
	testHooksServer,
	testServer,
	wire,
	type Kiosk
} from '../../testing/server/testing';
import { handlePush } from './push';

async function readUntil(
	reader: ReadableStreamDefaultReader<Uint8Array>,
	needle: string
): Promise<string> {
	const dec = new TextDecoder();
	let text = '';
	while (!text.includes(needle)) {
		const { done, value } = await reader.read();
		if (done) break;
		text += dec.decode(value);
	}
	return text;
}

describe.each(STORE_KINDS)('live channel and test hooks on %s', (kind) => {
	let deps: TestDeps;
	let kiosk: Kiosk;
	beforeEach(async () => {
		deps = await testHooksServer(kind);
		kiosk = await enrolKiosk(deps);
	});
	afterEach(async () => {
		deps.hub.closeAll();
		await deps.store.close();
	});

	it('streams "changed" with the new cursor after a commit; a short-lived ticket opens it', async () => {
		const token = kiosk.auth.replace('Device ', '');
		// The credential itself in the URL is not accepted.
		const direct = await handleEvents(
			deps,
			null,
			new URL(`http://x/api/sync/events?token=${token}`)
		);
		expect(direct.status).toBe(401);
		const t = await handleLiveTicket(deps, kiosk.auth);
		expect(t.status).toBe(201);
		const { ticket } = (await t.json()) as { ticket: string };
		const res = await handleEvents(
			deps,
			null,
			new URL(`http://x/api/sync/events?ticket=${ticket}`)
		);
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toBe('text/event-stream');
		const reader = res.body!.getReader();
		expect(await readUntil(reader, '\n\n')).toContain('data: {"cursor":0}');
		await kiosk.push([wire(intake(), { rev: 1, id: 'R-1' })]);
		expect(await readUntil(reader, '"cursor":1')).toContain('event: changed');
		deps.hub.closeAll();
		expect((await reader.read()).done).toBe(true);
	});

	it('an expired ticket is refused; revoking a device closes its open stream at once', async () => {
		const t = (await (await handleLiveTicket(deps, kiosk.auth)).json()) as { ticket: string };
		const res = await handleEvents(deps, null, new URL(`http://x/e?ticket=${t.ticket}`));
		const reader = res.body!.getReader();
		await readUntil(reader, '\n\n');
		const other = await enrolKiosk(deps, 'Other');
		const otherRes = await handleEvents(deps, other.auth, new URL('http://x/e'));
		const otherReader = otherRes.body!.getReader();
		await readUntil(otherReader, '\n\n');
		const admin = await issueTicket(deps.store, {
			personUid: 'admin-alex',
			deviceId: other.deviceId,
			purpose: 'admin',
			at: deps.now(),
			ttlMs: 60_000
		});
		const r = await handleRevokeDevice(
			deps,
			other.auth,
			admin.ticket,
			kiosk.deviceId,
			JSON.stringify({ reason: 'Stolen from the shelf' })
		);
		expect(r.status).toBe(200);
		expect((await reader.read()).done).toBe(true);
		// The other kiosk's stream stays open and hears the next change.
		expect(deps.hub.size).toBe(1);
		// The revoked device's ticket no longer opens anything.
		const again = await handleEvents(deps, null, new URL(`http://x/e?ticket=${t.ticket}`));
		expect(again.status).toBe(401);
		// And a ticket past its lifetime is refused.
		const fresh = (await (await handleLiveTicket(deps, other.auth)).json()) as { ticket: string };
		const realNow = deps.now;
		deps.now = () => new Date(Date.parse(realNow()) + LIVE_TICKET_MS + 1).toISOString();
		expect(
			(await handleEvents(deps, null, new URL(`http://x/e?ticket=${fresh.ticket}`))).status
		).toBe(401);
		deps.now = realNow;
	});

	it('refuses the stream without a credential', async () => {
		const res = await handleEvents(deps, null, new URL('http://x/api/sync/events'));
		expect(res.status).toBe(401);
	});

	it('drops the response after commit when asked; the resend replays', async () => {
		expect(handleFaults(deps, JSON.stringify({ dropResponsesAfterCommit: 1 })).status).toBe(200);
		const body = JSON.stringify({
			deviceId: kiosk.deviceId,
			actions: [wire(intake(), { rev: 1, id: 'R-1' })]
		});
		const lost = await pushWithFaults(deps, kiosk.auth, body);
		expect(lost).toEqual({ status: 502, body: null });
		expect(await count(deps.store, 'reservations')).toBe(1);
		const resent = await handlePush(deps, kiosk.auth, body);
		expect(resent.status).toBe(200);
		expect(resent.body).toMatchObject({ results: [{ status: 'applied', replay: true }] });
		expect(await count(deps.store, 'stage_history')).toBe(1);
	});

	it('shifts the server clock by a test offset', async () => {
		handleFaults(deps, JSON.stringify({ clockOffsetMs: 86_400_000 }));
		expect(Date.parse(deps.now()) - Date.now()).toBeGreaterThan(86_000_000);
		expect(handleFaults(deps, JSON.stringify({ clockOffsetMs: 'soon' })).status).toBe(400);
	});
});

describe('a normal start', () => {
	it('has no fault switches: the real clock, and push answers are never dropped', async () => {
		const plain = await testServer('pglite');
		try {
			expect('faults' in plain).toBe(false);
			expect(Math.abs(Date.parse(plain.now()) - Date.now())).toBeLessThan(60_000);
			const k = await enrolKiosk(plain);
			const body = JSON.stringify({
				deviceId: k.deviceId,
				actions: [wire(intake(), { rev: 1, id: 'R-1' })]
			});
			expect((await handlePush(plain, k.auth, body)).status).toBe(200);
		} finally {
			await plain.store.close();
		}
	});
});

describe('hub hint coalescing', () => {
	it('sends a hint at once, folds the next ones into one with the latest cursor, drops stale ones', async () => {
		const hub = new EventHub(15_000, 50);
		const reader = hub.stream(0).getReader();
		await readUntil(reader, '\n\n'); // the initial cursor
		hub.changed(3);
		expect(await readUntil(reader, '\n\n')).toContain('"cursor":3');
		hub.changed(4);
		hub.changed(6);
		hub.changed(5);
		const started = Date.now();
		const next = await readUntil(reader, '\n\n');
		expect(next).toContain('"cursor":6');
		expect(next).not.toContain('"cursor":4');
		expect(Date.now() - started).toBeGreaterThanOrEqual(30);
		// At or below what was sent: nothing new for a pull, nothing sent.
		await new Promise((r) => setTimeout(r, 80));
		hub.changed(6);
		hub.changed(2);
		hub.changed(7);
		expect(await readUntil(reader, '\n\n')).toBe('event: changed\ndata: {"cursor":7}\n\n');
		hub.closeAll();
		expect((await reader.read()).done).toBe(true);
	});
});
