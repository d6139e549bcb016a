import { describe, expect, it } from 'vitest';
import { Action } from './actions';
import {
	availableOperations,
	operation,
	retryOption,
	stationChoices,
	type Actor,
	type ReservationAction
} from './available';
import type { Reservation } from './reservation';
import { DEMO_STATIONS } from './stations';
import { T0, confirm, intake, load, onStation, run } from '../../testing/domain/fixtures';

const staff = { uid: 'staff-sam', role: 'staff' } as const;
const supervisor = { uid: 'sup-jo', role: 'supervisor' } as const;
const peersOf = (all: Reservation[]) => (id: string) =>
	all.filter((r) => r.assignedStationId === id && !r.isArchived);
const ops = (r: Reservation, all: Reservation[] = [r], actor: Actor = staff) =>
	availableOperations(r, actor, DEMO_STATIONS, peersOf(all), T0);

describe('availableOperations', () => {
	it('does not offer Mark loaded (or Start loading) on a Requested card, and says why', () => {
		const r = intake('R-1', { assignedStationId: 'studio-kiln-a' });
		const loaded = operation(ops(r), 'load.loaded');
		expect(loaded.enabled).toBe(false);
		expect(loaded.reason).toMatch(/confirm/i);
		expect(operation(ops(r), 'load.loading').enabled).toBe(false);
		expect(operation(ops(r), 'status.confirm').enabled).toBe(true);
	});

	it('offers Mark loaded once the card is confirmed on a station', () => {
		const r = onStation('R-2', 'studio-kiln-a', 2);
		expect(operation(ops(r), 'load.loaded')).toEqual({
			op: 'load.loaded',
			enabled: true,
			reason: null
		});
		// Return to queue is a correction of loading/loaded work only.
		expect(operation(ops(r), 'load.queued').enabled).toBe(false);
	});

	it('a cancelled card offers only reactivation (and notes), each refusal with a reason', () => {
		const r = run(intake('R-3'), [
			{ type: 'reservation.status', payload: { status: 'CANCELLED', staffNotes: 'customer left' } }
		]);
		const list = ops(r);
		expect(operation(list, 'reactivate').enabled).toBe(true);
		for (const o of list.filter((x) => x.op !== 'reactivate' && x.op !== 'note')) {
			expect(o.enabled, o.op).toBe(false);
			expect(o.reason, o.op).toBeTruthy();
		}
	});

	it('staff may not force a pickup window on unloaded work; a supervisor may', () => {
		const r = onStation('R-4', 'studio-kiln-a', 1);
		expect(operation(ops(r), 'pickup.open').enabled).toBe(false);
		expect(operation(ops(r, [r], supervisor), 'pickup.open').enabled).toBe(true);
		const loaded = run(r, [load('loaded')]);
		expect(operation(ops(loaded), 'pickup.open').enabled).toBe(true);
		expect(operation(ops(loaded), 'load.loaded').enabled).toBe(false);
	});

	it('every control is judged by the domain, none left unchecked by a stale sample', () => {
		for (const r of [intake('R-9'), onStation('R-10', 'studio-kiln-b', 1)])
			for (const o of ops(r, [r], supervisor))
				expect(o.reason ?? '', o.op).not.toMatch(/could not be checked/);
	});

	it('a station action the role table refuses is disabled for staff', () => {
		const r = intake('R-5');
		// Every reservation action is staff-level today; the role check answers per actor.
		const client = availableOperations(
			r,
			{ uid: 'c', role: 'client' },
			DEMO_STATIONS,
			() => [],
			T0
		);
		expect(client.every((o) => !o.enabled)).toBe(true);
		expect(operation(client, 'status.confirm').reason).toMatch(/staff/);
	});
});

describe('stationChoices', () => {
	it('disables a full station and shows the free room on each', () => {
		const filler = onStation('R-fill', 'studio-kiln-a', 7);
		const r = run(intake('R-6', { estimatedHalfShelves: 2 }), [confirm]);
		const all = [filler, r];
		const choices = stationChoices(r, staff, DEMO_STATIONS, peersOf(all), T0);
		const a = choices.find((c) => c.stationId === 'studio-kiln-a')!;
		expect(a).toMatchObject({ enabled: false, free: 1, capacity: 8 });
		expect(a.reason).toMatch(/full/);
		const b = choices.find((c) => c.stationId === 'studio-kiln-b')!;
		expect(b).toMatchObject({ enabled: true, free: 8, reason: null });
		expect(operation(ops(r, all), 'station.assign').enabled).toBe(true);
	});

	it('the current station is not offered again, and an unavailable one says why', () => {
		const r = onStation('R-7', 'studio-kiln-a', 1);
		const stations = DEMO_STATIONS.map((s) =>
			s.id === 'studio-kiln-b' ? { ...s, available: false, unavailableReason: 'element out' } : s
		);
		const choices = stationChoices(r, staff, stations, peersOf([r]), T0);
		expect(choices.find((c) => c.stationId === 'studio-kiln-a')).toMatchObject({
			enabled: false,
			free: 8
		});
		expect(choices.find((c) => c.stationId === 'studio-kiln-b')?.reason).toMatch(/element out/);
	});
});

describe('retryOption', () => {
	const confirmAction = Action.parse(confirm) as ReservationAction;
	it('is refused when the current copy is cancelled, offered when it is requested', () => {
		const requested = intake('R-8');
		const cancelled = run(requested, [
			{ type: 'reservation.status', payload: { status: 'CANCELLED', staffNotes: 'gone' } }
		]);
		const peers = peersOf([]);
		const no = retryOption(confirmAction, 'R-8', cancelled, supervisor, DEMO_STATIONS, peers, T0);
		expect(no.enabled).toBe(false);
		expect(no.reason).toBeTruthy();
		const yes = retryOption(confirmAction, 'R-8', requested, supervisor, DEMO_STATIONS, peers, T0);
		expect(yes.enabled).toBe(true);
	});
});
