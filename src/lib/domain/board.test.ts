import { describe, expect, it } from 'vitest';
import { availableOperations, stationChoices } from './available';
import {
	exactCodeMatch,
	inverseOf,
	fold,
	hitRank,
	nextStep,
	piecesSummary,
	searchReservation,
	shortReference,
	waiting
} from './board';
import type { Reservation } from './reservation';
import { DEMO_STATIONS } from './stations';
import { T0, confirm, intake, load, onStation, run } from '../../testing/domain/fixtures';

const staff = { uid: 'staff-sam', role: 'staff' } as const;
const peersOf = (all: Reservation[]) => (id: string) =>
	all.filter((r) => r.assignedStationId === id && !r.isArchived);
const stepFor = (r: Reservation, all: Reservation[] = [r]) =>
	nextStep(
		r,
		availableOperations(r, staff, DEMO_STATIONS, peersOf(all), T0),
		stationChoices(r, staff, DEMO_STATIONS, peersOf(all), T0)
	);

describe('search folds case and accents', () => {
	it('"ines" finds "Inés" and "INÉS"', () => {
		expect(fold('Inés')).toBe('ines');
		expect(fold('INÉS Ñúñez')).toBe('ines nunez');
		const r = intake('KB-2001', { customerName: 'Inés Álvarez' });
		expect(searchReservation(r, 'ines').map((h) => h.field)).toEqual(['customer']);
		expect(searchReservation(r, 'ALVAREZ')[0]).toEqual({ field: 'customer', text: 'Inés Álvarez' });
		expect(searchReservation(r, 'zzz')).toEqual([]);
	});

	it('matches piece labels and codes and says which', () => {
		const r = intake('KB-2002', {
			customerName: 'Maya Okafor',
			pieces: [{ pieceId: 'MO-BOWL-7', pieceLabel: 'Crème bowl', pieceCount: 3 }]
		});
		expect(searchReservation(r, 'creme')).toEqual([{ field: 'piece label', text: 'Crème bowl' }]);
		expect(searchReservation(r, 'mo-bowl')).toEqual([{ field: 'piece code', text: 'MO-BOWL-7' }]);
		expect(searchReservation(r, 'kb-2002')).toEqual([{ field: 'reference', text: 'KB-2002' }]);
		expect(hitRank(searchReservation(r, 'mo-bowl-7'), 'mo-bowl-7')).toBe(0);
		expect(hitRank(searchReservation(r, 'maya'), 'maya')).toBe(1);
		expect(hitRank(searchReservation(r, 'bowl'), 'bowl')).toBe(2);
		expect(exactCodeMatch([r], 'mo-bowl-7')?.id).toBe('KB-2002');
		expect(exactCodeMatch([r], 'mo-bowl')).toBeNull();
	});
});

describe('short references', () => {
	it('keeps numbered ids and shortens random ones without showing the uuid', () => {
		expect(shortReference('KB-1042')).toBe('KB-1042');
		const id = 'rsv_3f2a9c1e-8b7d-4e6f-a1b2-c3d4e5f60718';
		const ref = shortReference(id);
		expect(ref).toMatch(/^KB-[0-9A-HJKMNP-TV-Z]{6}$/);
		expect(ref).toBe(shortReference(id));
		expect(ref).not.toContain('3f2a9c1e');
		// Two kiosks making random ids do not clash in practice: 2000 random ids, all distinct.
		const refs = new Set<string>();
		for (let i = 0; i < 2000; i++) {
			const hex = (i * 2654435761 + 12345).toString(16).padStart(8, '0').slice(-8);
			refs.add(shortReference(`rsv_${hex}-0000-4000-8000-000000000000`));
		}
		expect(refs.size).toBe(2000);
	});
});

describe('pieces and waiting', () => {
	it('counts items, not lines', () => {
		const p = (n: number) => ({
			pieceId: `P${n}`,
			pieceLabel: null,
			pieceCount: n,
			pieceStatus: 'awaiting_placement' as const,
			photoUrl: null
		});
		expect(piecesSummary([p(3), p(2)])).toEqual({ items: 5, lines: 2, text: '5 items (2 kinds)' });
		expect(piecesSummary([p(1)]).text).toBe('1 item');
	});

	it('says how long work has waited, with a tone', () => {
		const r = intake('KB-2003', {}, { now: T0 });
		const nine = new Date(Date.parse(T0) + 9 * 86_400_000).toISOString();
		expect(waiting(r, nine)).toEqual({ days: 9, text: 'waiting 9 d', tone: 'old' });
		expect(waiting(r, T0)?.tone).toBe('fresh');
	});
});

describe('next step is what the domain allows next', () => {
	it('walks the playbook: confirm, place, start loading, mark loaded', () => {
		const requested = intake('KB-3001', { estimatedHalfShelves: 1 });
		expect(stepFor(requested)?.op).toBe('status.confirm');
		const confirmed = run(requested, [confirm]);
		const place = stepFor(confirmed);
		expect(place?.op).toBe('station.assign');
		expect(place?.label).toMatch(/^Place on /);
		const placed = onStation('KB-3002', 'studio-kiln-a', 1);
		expect(stepFor(placed)?.label).toBe('Start loading');
		expect(stepFor(run(placed, [load('loading')]))?.label).toBe('Mark loaded');
	});

	it('offers nothing on a cancelled card', () => {
		const r = run(intake('KB-3003'), [
			{ type: 'reservation.status', payload: { status: 'CANCELLED', staffNotes: 'Customer asked' } }
		]);
		expect(stepFor(r)).toBeNull();
	});
});

describe('undo after sending', () => {
	it('offers the opposite only for Start loading', () => {
		const placed = onStation('KB-3004', 'studio-kiln-a', 1);
		const start = stepFor(placed)!;
		expect(inverseOf(start)).toMatchObject({
			type: 'reservation.load',
			payload: { loadStatus: 'queued' }
		});
		expect(inverseOf(stepFor(intake('KB-3005'))!)).toBeNull();
	});
});
