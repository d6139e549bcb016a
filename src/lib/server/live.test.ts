import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerDeps } from './deps';
import { handleEvents, handleLiveTicket, LIVE_TICKET_MS } from './sse';
import { handleRevokeDevice } from './admin-devices';
import { issueTicket } from './devices';
import { handleFaults } from './test-faults';
import { STORE_KINDS, count, enrolKiosk, intake, testServer, wire, type Kiosk } from './testing';
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
	let deps: ServerDeps;
	let kiosk: Kiosk;
	beforeEach(async () => {
		deps = await testServer(kind, { testHooks: true });
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
		const lost = await handlePush(deps, kiosk.auth, body);
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

describe('test hooks in a normal start', () => {
	it('answer 404 and cannot be enabled', async () => {
		const deps = await testServer('pglite');
		try {
			const r = handleFaults(
				deps,
				JSON.stringify({ dropResponsesAfterCommit: 5, clockOffsetMs: 1000 })
			);
			expect(r.status).toBe(404);
			expect(deps.faults.takeDrop()).toBe(false);
			expect(deps.faults.clockOffsetMs).toBe(0);
		} finally {
			await deps.store.close();
		}
	});
});
