import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEMO_STATIONS } from '../domain/stations';
import { realTimers } from './http';
import { pull } from './pull';
import { T0, enrolledDb } from './test-support';

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
