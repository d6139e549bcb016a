import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PullResponse } from '../sync/contract';
import type { ServerDeps } from './deps';
import { pullSince } from './pull';
import { demoPriceTable, loadPrices, savePrices, studioCurrency } from './prices';
import {
	STORE_KINDS,
	enrolKiosk,
	intake,
	status,
	testServer,
	wire,
	type Kiosk
} from '../../testing/server/testing';
import { Action } from '../domain/actions';

const load = (loadStatus: 'loading' | 'loaded') =>
	Action.parse({ type: 'reservation.load', payload: { loadStatus } });
const assign = Action.parse({
	type: 'reservation.assign_station',
	payload: { assignedStationId: 'studio-kiln-a' }
});

describe('STUDIO_CURRENCY', () => {
	it('defaults to GBP, upper-cases, and refuses a non-ISO code at start-up', () => {
		expect(studioCurrency({})).toBe('GBP');
		expect(studioCurrency({ STUDIO_CURRENCY: ' eur ' })).toBe('EUR');
		expect(() => studioCurrency({ STUDIO_CURRENCY: 'euro' })).toThrow(/ISO 4217/);
	});
});

describe.each(STORE_KINDS)('price table on %s', (kind) => {
	let deps: ServerDeps;
	let kiosk: Kiosk;
	beforeEach(async () => {
		deps = await testServer(kind);
		kiosk = await enrolKiosk(deps);
	});
	afterEach(() => deps.store.close());

	it('the server fixes the fee from its own table when work is first loaded', async () => {
		await kiosk.push([
			wire(intake('cust-maya', { estimatedHalfShelves: 3 }), { rev: 1, id: 'R-1' }),
			wire(status('CONFIRMED'), { rev: 2, id: 'R-1', base: 1 }),
			wire(assign, { rev: 3, id: 'R-1', base: 2 }),
			wire(load('loading'), { rev: 4, id: 'R-1', base: 3 })
		]);
		const before = PullResponse.parse(await kiosk.pull(0));
		expect(before.reservations[0].fee).toBeNull();
		await kiosk.push([wire(load('loaded'), { rev: 5, id: 'R-1', base: 4 })]);
		const after = PullResponse.parse(await kiosk.pull(before.cursor));
		// Demo table: glaze 600 per half-shelf × 3 = 1800 (above the 800 minimum).
		expect(after.reservations[0].fee).toMatchObject({
			currency: 'GBP',
			priceTableVersion: 'demo-2026-1',
			halfShelves: 3,
			firingMinor: 1800,
			paidMinor: null
		});
	});

	it('is carried in the pull with the stations, and again only when it changed', async () => {
		const first = PullResponse.parse(await kiosk.pull(0));
		expect(first.prices).toMatchObject({ version: 'demo-2026-1', minimum: 800 });
		const have = first.digest!;
		const same = await deps.store.transaction(async (tx) => pullSince(tx, first.cursor, 100, have));
		expect(same.prices).toBeUndefined();
		const dearer = { ...demoPriceTable('GBP', first.serverTime), version: 'v2', minimum: 1200 };
		await savePrices(deps.store, dearer);
		expect(await loadPrices(deps.store)).toEqual(dearer);
		const changed = await deps.store.transaction(async (tx) =>
			pullSince(tx, first.cursor, 100, have)
		);
		expect(changed.digest).not.toBe(have);
		expect(changed.prices).toEqual(dearer);
	});

	it('the seed never overwrites a table the studio set', async () => {
		const own = { ...demoPriceTable('EUR', '2026-12-01T00:00:00.000Z'), version: 'studio-1' };
		await savePrices(deps.store, own);
		await savePrices(deps.store, demoPriceTable('GBP', '2026-12-01T00:00:00.000Z'), false);
		expect((await loadPrices(deps.store))?.version).toBe('studio-1');
	});
});
