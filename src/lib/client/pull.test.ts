import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
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
