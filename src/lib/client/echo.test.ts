import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerDeps } from '../server/deps';
import { toResponse } from '../server/http';
import { handlePull } from '../server/pull';
import { handlePush } from '../server/push';
import { enrolKiosk, intake, testServer } from '../../testing/server/testing';
import { KilnDb, setMeta } from './db';
import { Drainer } from './drainer';
import { EchoFilter } from './echo';
import { realTimers } from './http';
import { eventCursor } from './live';
import { enqueue } from './outbox';

let n = 0;
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
	for (const stop of stops.splice(0)) await stop();
});

/** A kiosk (real Drainer, Dexie, EchoFilter) against the real push/pull handlers and event hub. */
async function world() {
	const deps: ServerDeps = await testServer('pglite');
	const calls: string[] = [];
	const fetch = async (url: string, init: RequestInit = {}) => {
		const auth = new Headers(init.headers).get('authorization');
		calls.push(url.includes('/push') ? 'push' : 'pull');
		return toResponse(
			url.includes('/push')
				? await handlePush(deps, auth, String(init.body))
				: await handlePull(deps, auth, new URL(url, 'http://kiosk.test'))
		);
	};
	const kiosk = async () => {
		const reg = await enrolKiosk(deps);
		const db = new KilnDb(`kb-echo-${Date.now()}-${++n}`);
		await db.open();
		await setMeta(db, {
			deviceId: reg.deviceId,
			token: reg.auth.replace(/^Device /, ''),
			label: 'k'
		});
		const mine: string[] = [];
		const f = async (url: string, init?: RequestInit) => {
			mine.push(url.includes('/push') ? 'push' : 'pull');
			return fetch(url, init);
		};
		const drains: Promise<unknown>[] = [];
		const echo: EchoFilter = new EchoFilter({
			knownCursor: async () => Number((await db.meta.get('cursor'))?.value ?? 0),
			busy: () => drainer.status.phase !== 'idle',
			drain: (why) => void drains.push(drainer.drain(why))
		});
		const drainer = new Drainer({
			db,
			fetch: f,
			now: () => Date.now(),
			timers: realTimers,
			random: () => 0.5,
			locks: null,
			log: () => undefined,
			onChange: (s) => {
				if (s.phase === 'idle') void echo.idle();
			}
		});
		// The real SSE stream, parsed as EventSource would, fed to the filter.
		const reader = deps.hub.stream(0).getReader();
		const hints: Promise<void>[] = [];
		void (async () => {
			const dec = new TextDecoder();
			for (;;) {
				const { value, done } = await reader.read();
				if (done) return;
				const data = /data: (.*)\n/.exec(dec.decode(value))?.[1];
				if (data !== undefined) hints.push(echo.hint('sse', eventCursor({ data })));
			}
		})();
		stops.push(async () => void (await reader.cancel()));
		/** Waits until every hint and the drains they caused are done. */
		const settle = async () => {
			for (let i = 0; i < 5; i++) {
				await new Promise((r) => setTimeout(r, 20));
				await Promise.all([...hints, ...drains]);
			}
		};
		return { db, drainer, echo, mine, settle };
	};
	stops.push(() => deps.store.close());
	return { deps, kiosk, calls };
}

const add = (db: KilnDb, id: string) =>
	enqueue(db, {
		actorUid: 'staff-sam',
		reservationId: id,
		action: intake(),
		now: new Date().toISOString()
	});

describe('a kiosk and its own live-channel echo', () => {
	it('does not pull again for the event its own push caused; another kiosk does', async () => {
		const w = await world();
		const a = await w.kiosk();
		const b = await w.kiosk();
		await a.settle(); // the streams' opening events (cursor 0): nothing to fetch yet
		expect(a.mine).toEqual([]);
		expect(b.mine).toEqual([]);

		await add(a.db, 'R-1');
		await a.drainer.drain('enqueue');
		await a.settle();
		await b.settle();
		// A: one push and the pull of the same drain; its own echo is dropped, not pulled for.
		expect(a.mine).toEqual(['push', 'pull']);
		expect(a.echo.dropped).toBeGreaterThanOrEqual(1);
		// B did not cause the change, so the same event makes it pull once.
		expect(b.mine).toEqual(['pull']);
		expect(await b.db.reservations.get('R-1')).toMatchObject({ id: 'R-1' });
	});

	it('a hint newer than what the drain reached still drains', async () => {
		const w = await world();
		const a = await w.kiosk();
		await a.settle();
		const known = Number((await a.db.meta.get('cursor'))?.value ?? 0);
		const dropped = a.echo.dropped;
		await a.echo.hint('sse', known + 5);
		await a.settle();
		expect(a.mine).toEqual(['pull']);
		expect(a.echo.dropped).toBe(dropped);
	});

	it('reads the cursor from the event data and ignores what is not one', () => {
		expect(eventCursor({ data: '{"cursor":42}' })).toBe(42);
		expect(eventCursor({ data: '{"cursor":-1}' })).toBeNull();
		expect(eventCursor({ data: 'nope' })).toBeNull();
		expect(eventCursor(undefined)).toBeNull();
	});
});
