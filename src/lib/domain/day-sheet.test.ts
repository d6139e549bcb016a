import { describe, expect, it } from 'vitest';
import { daySheet } from './day-sheet';
import type { Reservation } from './reservation';
import { DEMO_STATIONS } from './stations';
import { intake, load, onStation, run } from '../../testing/domain/fixtures';

const ZONE = 'America/New_York';
// 10:00 in New York on 9 March 2026 (the day after clocks went forward).
const NOW = '2026-03-09T14:00:00.000Z';
const KILN_A = DEMO_STATIONS[0].id;

const windowed = (r: Reservation, start: string, end: string): Reservation => ({
	...r,
	estimatedWindow: {
		currentStart: start,
		currentEnd: end,
		band: 0,
		anchorAt: start,
		updatedAt: start,
		slaState: 'on_track',
		confidence: 'high',
		promisedStart: null,
		promisedSlaState: null
	}
});

describe('day sheet', () => {
	const loading = run(
		onStation('KB-4001', KILN_A, 2, { pieces: [{ pieceLabel: 'Vase', pieceId: 'V1' }] }),
		[load('loading')]
	);
	// Due at 23:30 New York time today (03:30 UTC tomorrow): still today in the studio.
	const dueLate = windowed(
		onStation('KB-4002', KILN_A, 1),
		'2026-03-10T03:30:00.000Z',
		'2026-03-10T03:45:00.000Z'
	);
	// Due at 00:30 New York time tomorrow: not today, although it is the same UTC date as dueLate.
	const tomorrow = windowed(
		onStation('KB-4003', KILN_A, 1),
		'2026-03-10T04:30:00.000Z',
		'2026-03-11T04:30:00.000Z'
	);
	const loaded = run(onStation('KB-4004', DEMO_STATIONS[1].id, 1), [
		load('loading'),
		load('loaded')
	]);
	const requested = intake('KB-4005', { assignedStationId: KILN_A });

	const sheet = daySheet([loading, dueLate, tomorrow, loaded, requested], DEMO_STATIONS, NOW, ZONE);

	it('lists per station what is loading or due today in the studio zone', () => {
		expect(sheet.date).toBe('2026-03-09');
		const a = sheet.stations.find((s) => s.stationId === KILN_A)!;
		expect(a.loads.map((l) => [l.reference, l.why])).toEqual([
			['KB-4001', 'loading now'],
			['KB-4002', 'due today']
		]);
		expect(a.loads[0]).toMatchObject({ size: '2 half-shelves', customer: 'Ada Potter' });
		expect(a.loads[0].pieces.map((p) => p.code)).toEqual(['V1']);
		expect(sheet.stations).toHaveLength(DEMO_STATIONS.length);
	});

	it('lists work ready for pickup with its station, and not on the load list', () => {
		expect(sheet.pickups.map((p) => [p.reference, p.station])).toEqual([
			['KB-4004', DEMO_STATIONS[1].label]
		]);
		expect(sheet.pickups[0].why).toMatch(/^ready since /);
		const b = sheet.stations.find((s) => s.stationId === DEMO_STATIONS[1].id)!;
		expect(b.loads).toEqual([]);
	});

	it('puts a pickup slot confirmed for today first', () => {
		const early = run(onStation('KB-4006', KILN_A, 1), [load('loading'), load('loaded')], {
			now: '2026-03-01T10:00:00.000Z'
		});
		const slot = {
			...loaded,
			pickupWindow: {
				status: 'confirmed' as const,
				confirmedStart: '2026-03-09T20:00:00.000Z',
				confirmedEnd: '2026-03-09T21:00:00.000Z',
				confirmedAt: NOW,
				completedAt: null,
				missedCount: 0,
				lastMissedAt: null
			}
		};
		const s = daySheet([early, slot], DEMO_STATIONS, NOW, ZONE);
		expect(s.pickups.map((p) => [p.reference, p.why])).toEqual([
			['KB-4004', 'pickup slot today'],
			['KB-4006', 'ready since Mar 1']
		]);
	});
});
