import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Action } from '../domain/actions';
import type { ServerDeps } from './deps';
import {
	STORE_KINDS,
	enrolKiosk,
	intake,
	status,
	testServer,
	wire,
	type Kiosk
} from '../../testing/server/testing';

const KILN = 'studio-kiln-a';
const IDS = ['FR-1', 'FR-2', 'FR-3'];
const assign = Action.parse({
	type: 'reservation.assign_station',
	payload: { assignedStationId: KILN }
});
const create = (reservationIds = IDS, firingId = 'F-100') =>
	Action.parse({
		type: 'firing.create',
		payload: {
			firingId,
			stationId: 'kiln-a',
			firingType: 'bisque',
			targetCone: '04',
			plannedDate: '2026-12-02T09:00:00.000Z',
			reservationIds
		}
	});
const step = (s: string, extra: Record<string, unknown> = {}, firingId = 'F-100') =>
	Action.parse({ type: 'firing.step', payload: { firingId, step: s, ...extra } });

describe.each(STORE_KINDS)('firings on %s', (kind) => {
	let deps: ServerDeps;
	let k: Kiosk;
	let rev = 0;
	const next = () => ++rev;
	beforeEach(async () => {
		deps = await testServer(kind);
		k = await enrolKiosk(deps, 'firing kiosk');
		rev = 0;
		const setup: ReturnType<typeof wire>[] = [];
		for (const id of IDS) {
			setup.push(wire(intake('cust-maya', { estimatedHalfShelves: 2 }), { rev: next(), id }));
			setup.push(wire(status('CONFIRMED'), { rev: next(), id, base: 1 }));
			setup.push(wire(assign, { rev: next(), id, base: 2 }));
		}
		const res = await k.push(setup);
		expect(res.body.results.every((r) => r.status === 'applied')).toBe(true);
	});
	afterEach(() => deps.store.close());

	const history = async (id: string) =>
		(
			await deps.store.query<{ entry: { reason: string } }>(
				'SELECT entry FROM stage_history WHERE reservation_id = $1 ORDER BY idx',
				[id]
			)
		).map((r) => r.entry.reason);

	it('creates, loads, fires and unloads three cards with one action each; pulled with history', async () => {
		const res = await k.push([
			wire(create(), { rev: next(), id: null }),
			wire(step('start_loading'), { rev: next(), id: null }),
			wire(step('start_firing'), { rev: next(), id: null }),
			wire(step('unload'), { rev: next(), id: null, actor: 'sup-jo' })
		]);
		expect(res.status).toBe(200);
		expect(res.body.results.map((r) => r.status)).toEqual([
			'applied',
			'applied',
			'applied',
			'applied'
		]);
		const pulled = await k.pull(0);
		const f = pulled.firings.find((x) => x.id === 'F-100')!;
		expect(f).toMatchObject({ state: 'unloaded', stationId: KILN, unloadedByUid: 'sup-jo' });
		for (const id of IDS) {
			const r = pulled.reservations.find((x) => x.id === id)!;
			expect(r.loadStatus).toBe('loaded');
			expect((await history(id)).slice(-3)).toEqual([
				'reservation_loading_start',
				'firing_started',
				'reservation_loaded'
			]);
		}
		const msgs = pulled.notifications.filter((n) => n.kind === 'ready_for_pickup');
		expect(msgs.map((n) => n.reservationId).sort()).toEqual(IDS);
	});

	it('a card cancelled on another kiosk is flagged, the firing is kept and the rest move', async () => {
		await k.push([wire(create(), { rev: next(), id: null })]);
		const other = await enrolKiosk(deps, 'front desk');
		const cancel = await other.push([
			wire(status('CANCELLED', 'Customer withdrew'), { rev: 1, id: 'FR-2', base: 3 })
		]);
		expect(cancel.body.results[0].status).toBe('applied');
		const res = await k.push([wire(step('start_loading'), { rev: next(), id: null })]);
		expect(res.body.results[0]).toMatchObject({ status: 'applied', noop: false });
		const pulled = await k.pull(0);
		const f = pulled.firings.find((x) => x.id === 'F-100')!;
		expect(f.state).toBe('loading');
		expect(f.members.filter((m) => m.flags.length).map((m) => m.reservationId)).toEqual(['FR-2']);
		const by = (id: string) => pulled.reservations.find((x) => x.id === id)!;
		expect(by('FR-1').loadStatus).toBe('loading');
		expect(by('FR-3').loadStatus).toBe('loading');
		expect(by('FR-2')).toMatchObject({ status: 'CANCELLED', loadStatus: 'queued' });
		expect((await history('FR-2')).at(-1)).toBe('firing_flagged');
	});

	it('refuses a plan that overfills the kiln or reuses a card in an active firing, as data', async () => {
		await k.push([
			wire(intake('cust-maya', { estimatedHalfShelves: 4 }), { rev: next(), id: 'FR-BIG' }),
			wire(status('CONFIRMED'), { rev: next(), id: 'FR-BIG', base: 1 })
		]);
		// kiln-a holds 6 of 8 already; the big card cannot even be placed there.
		const placed = await k.push([wire(assign, { rev: next(), id: 'FR-BIG', base: 2 })]);
		expect(placed.body.results[0]).toMatchObject({ status: 'rejected', code: 'capacity' });

		const first = await k.push([wire(create(['FR-1', 'FR-2']), { rev: next(), id: null })]);
		expect(first.body.results[0].status).toBe('applied');
		const second = await k.push([
			wire(create(['FR-2', 'FR-3'], 'F-101'), { rev: next(), id: null })
		]);
		expect(second.body.results[0]).toMatchObject({ status: 'rejected', code: 'conflict' });
		const rows = await deps.store.query('SELECT id FROM firings ORDER BY id');
		expect(rows).toEqual([{ id: 'F-100' }]);
	});

	it('a replayed or repeated step changes nothing; an unknown firing is not_found', async () => {
		await k.push([wire(create(), { rev: next(), id: null })]);
		const load = wire(step('start_loading'), { rev: next(), id: null });
		await k.push([load]);
		const replay = await k.push([load]);
		expect(replay.body.results[0]).toMatchObject({ status: 'applied', replay: true });
		const other = await enrolKiosk(deps, 'second kiosk');
		const again = await other.push([wire(step('start_loading'), { rev: 1, id: null })]);
		expect(again.body.results[0]).toMatchObject({ status: 'applied', noop: true });
		expect((await history('FR-1')).filter((r) => r === 'reservation_loading_start')).toHaveLength(
			1
		);
		const missing = await k.push([wire(step('unload', {}, 'F-404'), { rev: next(), id: null })]);
		expect(missing.body.results[0]).toMatchObject({ status: 'rejected', code: 'not_found' });
	});

	it('a malformed firing action is a 400 for the batch, nothing applied', async () => {
		const bad = {
			...wire(step('unload'), { rev: next(), id: null }),
			payload: { firingId: 'F-100', step: 'explode' }
		};
		const res = await k.push([bad as never]);
		expect(res.status).toBe(400);
	});

	it('a supervisor records an element change on the station; staff are refused', async () => {
		const change = Action.parse({
			type: 'station.element_change',
			payload: { stationId: 'kiln-a', reason: 'Replaced all three elements' }
		});
		const res = await k.push([
			wire(change, { rev: next(), id: null }),
			wire(change, { rev: next(), id: null, actor: 'sup-jo' })
		]);
		expect(res.body.results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual([
			'permission',
			'applied'
		]);
		const pulled = await k.pull(0);
		expect(pulled.stations.find((s) => s.id === KILN)).toMatchObject({
			elementChangeReason: 'Replaced all three elements'
		});
	});

	it('cards already loading by hand still take the firing step (a firing row each)', async () => {
		const loading = Action.parse({
			type: 'reservation.load',
			payload: { loadStatus: 'loading', reason: null }
		});
		await k.push(IDS.map((id) => wire(loading, { rev: next(), id, base: 3 })));
		const res = await k.push([
			wire(create(), { rev: next(), id: null }),
			wire(step('start_loading'), { rev: next(), id: null })
		]);
		expect(res.body.results.map((r) => (r.status === 'rejected' ? r.message : r.status))).toEqual([
			'applied',
			'applied'
		]);
		expect((await history('FR-1')).at(-1)).toBe('firing_loading');
	});
});
