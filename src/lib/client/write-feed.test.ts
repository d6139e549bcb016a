import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { KilnDb } from './db';
import { serverReservation } from '../../testing/client/test-support';
import { watchWrites, type Writes } from './write-feed';

const settle = () => new Promise((done) => setTimeout(done, 30));

async function pair() {
	const name = `kb-feed-${Math.random().toString(36).slice(2)}`;
	const here = new KilnDb(name);
	const seenHere: Writes[] = [];
	const stop = watchWrites(here, ['reservations', 'outbox'], (w) => seenHere.push(w));
	await here.open();
	// Another tab (or the service worker) on the same database: its own Dexie object.
	const there = new KilnDb(name);
	await there.open();
	await settle();
	seenHere.length = 0; // creating the database announces every table once
	return { here, there, seenHere, stop };
}

describe('watchWrites', () => {
	it('delivers this page’s own writes with their values, once, and ignores other tables', async () => {
		const { here, seenHere, stop } = await pair();
		const r = serverReservation('R-1');
		await here.reservations.put(r);
		await here.meta.put({ key: 'cursor', value: 3 });
		await settle();
		expect(seenHere).toHaveLength(1);
		expect(seenHere[0].reservations.put).toEqual([r]);
		expect(seenHere[0].outbox).toBeUndefined();
		await here.reservations.delete('R-1');
		await settle();
		expect(seenHere[1].reservations).toEqual({ put: [], del: ['R-1'], whole: false });
		stop();
	});

	it('reads only the keys another context wrote, and a bulk write from there whole', async () => {
		const { there, seenHere, stop } = await pair();
		await there.reservations.bulkPut([serverReservation('R-1'), serverReservation('R-2')]);
		await settle();
		expect(seenHere).toHaveLength(1);
		expect(seenHere[0].reservations.whole).toBe(false);
		expect(seenHere[0].reservations.put.map((r) => (r as { id: string }).id).sort()).toEqual([
			'R-1',
			'R-2'
		]);
		await there.reservations.delete('R-2');
		await settle();
		expect(seenHere[1].reservations).toMatchObject({ put: [], del: ['R-2'], whole: false });
		const many = Array.from({ length: 60 }, (_, i) => serverReservation(`B-${i}`));
		await there.reservations.bulkPut(many);
		await settle();
		expect(seenHere[2].reservations.whole).toBe(true);
		expect(seenHere[2].reservations.put).toHaveLength(61);
		stop();
	});

	it('delivers nothing for a transaction that aborted', async () => {
		const { here, seenHere, stop } = await pair();
		await here
			.transaction('rw', here.reservations, async () => {
				await here.reservations.put(serverReservation('R-1'));
				throw new Error('changed my mind');
			})
			.catch(() => undefined);
		await settle();
		expect(seenHere).toEqual([]);
		expect(await here.reservations.count()).toBe(0);
		stop();
	});
});
