import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '../domain/actions';
import type { ServerDeps } from './deps';
import { STORE_KINDS, enrolKiosk, intake, testServer, wire } from '../../testing/server/testing';

const assign = (assignedStationId: string): Action => ({
	type: 'reservation.assign_station',
	payload: { assignedStationId, queueClass: null }
});

describe.each(STORE_KINDS)('stations on %s', (kind) => {
	let deps: ServerDeps;
	beforeEach(async () => {
		deps = await testServer(kind);
	});
	afterEach(() => deps.store.close());

	it('concurrent assignments from several kiosks never overfill a station', async () => {
		const setup = await enrolKiosk(deps, 'setup');
		const ids = ['R-1', 'R-2', 'R-3'];
		await setup.push(
			ids.map((id, i) => wire(intake('cust-maya', { shelfEquivalent: 2 }), { rev: i + 1, id }))
		);
		const kiosks = await Promise.all(ids.map((_, i) => enrolKiosk(deps, `K${i}`)));
		const replies = await Promise.all(
			kiosks.map((k, i) => k.push([wire(assign('studio-kiln-a'), { rev: 1, id: ids[i], base: 1 })]))
		);
		const results = replies.map((r) => r.body.results[0]);
		expect(results.filter((r) => r.status === 'applied')).toHaveLength(2);
		expect(results.filter((r) => r.status === 'rejected' && r.code === 'capacity')).toHaveLength(1);
		const pulled = await setup.pull(0);
		const onA = pulled.reservations.filter((r) => r.assignedStationId === 'studio-kiln-a');
		expect(onA).toHaveLength(2);
		// Queue hints are written for the station's cards: positions 1 and 2.
		expect(onA.map((r) => r.queuePositionHint).sort()).toEqual([1, 2]);
	});

	it('supervisor closes a station; staff are refused; result is pulled', async () => {
		const k = await enrolKiosk(deps);
		const close: Action = {
			type: 'station.availability',
			payload: { stationId: 'kiln-b', available: false, reason: 'Element replacement' }
		};
		const res = await k.push([
			wire(close, { rev: 1, id: null, actor: 'sup-jo' }),
			wire(close, { rev: 2, id: null, actor: 'sup-jo' })
		]);
		expect(res.body.results.map((r) => r.status === 'applied' && r.noop)).toEqual([false, true]);
		const p = await k.pull(0);
		expect(p.stations.find((s) => s.id === 'studio-kiln-b')).toMatchObject({ available: false });
	});
});
