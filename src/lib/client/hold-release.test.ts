import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { KilnDb } from './db';
import { Drainer, HOLD_WAIT_LIMIT_MS, drainThroughHolds, nextWindowEnd } from './drainer';
import { enqueue, releaseHolds, withdraw } from './outbox';
import { ManualTimers, RealServer, T0, intake, status } from '../../testing/client/test-support';
import type { Action } from '../domain/actions';

const running: RealServer[] = [];
afterEach(async () => {
	for (const s of running.splice(0)) await s.close();
});

const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

/** A real server, a kiosk db, and a service-worker-like drainer on a clock the test moves. */
async function start() {
	const server = await RealServer.start();
	running.push(server);
	const db = await server.kioskDb();
	let now = Date.parse(T0);
	const slept: number[] = [];
	const drainer = new Drainer({
		db,
		fetch: server.fetch,
		now: () => now,
		timers: new ManualTimers(),
		random: () => 1,
		locks: null,
		log: () => undefined,
		autoRetry: false
	});
	const clock = {
		now: () => now,
		sleep: async (ms: number) => {
			slept.push(ms);
			now += ms;
			await onSleep(db);
		}
	};
	let onSleep: (db: KilnDb) => Promise<unknown> = async () => undefined;
	return {
		server,
		db,
		drainer,
		clock,
		slept,
		whileAsleep: (fn: (db: KilnDb) => Promise<unknown>) => (onSleep = fn)
	};
}

const add = (db: KilnDb, action: Action, sendAfter?: string) =>
	enqueue(db, { actorUid: 'staff-1', reservationId: 'R-1', action, now: T0, sendAfter });
const states = async (db: KilnDb) =>
	(await db.outbox.orderBy('queueRevision').toArray()).map((r) => r.state);

describe('held rows with no page open (the service worker drain)', () => {
	it('waits until a held row is due, then sends it once', async () => {
		const { server, db, drainer, clock, slept } = await start();
		await add(db, intake());
		await add(db, status('CANCELLED', 'Customer rang'), at(8000));
		expect(await drainThroughHolds(drainer, db, clock, 'test')).toBe('synced');
		expect(server.pushes.map((b) => b.map((a) => a.queueRevision))).toEqual([[1], [2]]);
		expect(slept).toEqual([8050]);
		expect(await states(db)).toEqual(['synced', 'synced']);
	});

	it('sends nothing when Undo withdraws the row during the wait', async () => {
		const { server, db, drainer, clock, whileAsleep } = await start();
		await add(db, intake());
		const held = await add(db, status('CANCELLED', 'Customer rang'), at(8000));
		if (!held.ok) throw new Error('enqueue failed');
		whileAsleep((d) => withdraw(d, held.row.queueRevision));
		expect(await drainThroughHolds(drainer, db, clock, 'test')).toBe('synced');
		expect(server.pushes.flat().map((a) => a.queueRevision)).toEqual([1]);
		expect(await db.outbox.count()).toBe(1);
	});

	it('does not wait for a row held past its limit', async () => {
		const { server, db, drainer, clock, slept } = await start();
		await add(db, intake(), at(HOLD_WAIT_LIMIT_MS + 5000));
		expect(await drainThroughHolds(drainer, db, clock, 'test')).toBe('synced');
		expect(slept).toEqual([]);
		expect(server.pushes).toEqual([]);
		expect(await nextWindowEnd(db, clock.now())).toBe(Date.parse(at(HOLD_WAIT_LIMIT_MS + 5000)));
	});
});

describe('releaseHolds', () => {
	it('ends one row’s window (Send now) or every window (the page is going away)', async () => {
		const { db } = await start();
		const a = await add(db, intake(), at(8000));
		const b = await add(db, status('CONFIRMED'), at(8000));
		await add(db, status('CANCELLED', 'Customer rang'));
		if (!a.ok || !b.ok) throw new Error('enqueue failed');
		const now = at(1000);
		expect(await releaseHolds(db, now, a.row.queueRevision)).toBe(1);
		expect((await db.outbox.get(a.row.queueRevision))?.sendAfter).toBe(now);
		expect((await db.outbox.get(b.row.queueRevision))?.sendAfter).toBe(at(8000));
		expect(await releaseHolds(db, now)).toBe(1);
		expect(await nextWindowEnd(db, Date.parse(now))).toBeNull();
		// A row already being sent is not touched.
		const c = await add(db, status('WAITLISTED'), at(9000));
		if (!c.ok) throw new Error('enqueue failed');
		await db.outbox.update(c.row.queueRevision, { state: 'syncing' });
		expect(await releaseHolds(db, now, c.row.queueRevision)).toBe(0);
	});
});
