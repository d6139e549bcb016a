import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEMO_STATIONS } from '../domain/stations';
import { realTimers } from './http';
import { readMeta } from './db';
import { pull } from './pull';
import { ManualTimers, T0, enrolledDb } from '../../testing/client/test-support';

/** One empty last page, as the server sends it, with the given zone field. */
function server(timeZone: unknown) {
	return async () =>
		new Response(
			JSON.stringify({
				cursor: 0,
				more: false,
				serverTime: T0,
				reservations: [],
				stations: [],
				notifications: [],
				fairnessAudit: [],
				storageAudit: [],
				roster: [],
				...(timeZone === undefined ? {} : { timeZone })
			}),
			{ status: 200, headers: { 'content-type': 'application/json' } }
		);
}

describe('pull carries the studio time zone', () => {
	const deps = async (timeZone: unknown) => ({
		db: await enrolledDb(),
		fetch: server(timeZone),
		timers: new ManualTimers(),
		now: () => Date.parse(T0)
	});

	it('stores the zone from the pull in the kiosk meta', async () => {
		const d = await deps('Pacific/Auckland');
		expect(await pull(d, 'tok')).toMatchObject({ ok: true });
		expect((await readMeta(d.db)).timeZone).toBe('Pacific/Auckland');
	});

	it('keeps the previous zone when a page has none (older server) or an unknown name', async () => {
		const d = await deps(undefined);
		await d.db.meta.put({ key: 'timeZone', value: 'America/Los_Angeles' });
		await pull(d, 'tok');
		expect((await readMeta(d.db)).timeZone).toBe('America/Los_Angeles');
		const bad = { ...d, fetch: server('Mars/Olympus_Mons') };
		expect(await pull(bad, 'tok')).toMatchObject({ ok: true });
		expect((await readMeta(d.db)).timeZone).toBe('America/Los_Angeles');
	});
});

describe('pull: roster', () => {
	it('a whole roster replaces the cached one, so a deactivated person stops unlocking; the unsent count is reported', async () => {
		const db = await enrolledDb(); // caches staff-1 and sup-1
		await db.outbox.add({ queueRevision: 1, state: 'pending' } as never);
		const urls: string[] = [];
		const fetch = async (url: string) => {
			urls.push(url);
			return Response.json({
				cursor: 5,
				more: false,
				serverTime: T0,
				reservations: [],
				stations: DEMO_STATIONS,
				notifications: [],
				fairnessAudit: [],
				storageAudit: [],
				roster: [
					{
						uid: 'staff-1',
						name: 'Sam',
						role: 'staff',
						active: true,
						pinSalt: 's',
						pinHash: 'h',
						pinKdf: 'scrypt:16:8:1'
					}
				]
			});
		};
		const out = await pull({ db, fetch, timers: realTimers, now: () => Date.parse(T0) }, 'tok');
		expect(out).toMatchObject({ ok: true });
		expect((await db.roster.toArray()).map((r) => r.uid)).toEqual(['staff-1']);
		expect(urls[0]).toContain('unsent=1');
	});
});
