import { describe, expect, it } from 'vitest';
import { bookingsByDay, queueLengthByDay, stageAt, studioDays } from './charts-data';
import type { Reservation } from './reservation';
import { DEMO_STATIONS } from './stations';
import { confirm, intake, load, onStation, run } from '../../testing/domain/fixtures';

const ZONE = 'America/New_York';
// 20:00 on Sat 7 March 2026 in New York; clocks go forward at 02:00 on Sunday 8 March.
const NOW = '2026-03-08T01:00:00.000Z';
const KILN_A = DEMO_STATIONS[0].id;

const windowed = (r: Reservation, start: string, end: string | null): Reservation => ({
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

describe('studio days across DST', () => {
	it('gives the spring-forward day 23 hours and keeps local midnights', () => {
		const days = studioDays(NOW, ZONE, 0, 3);
		expect(days.map((d) => d.date)).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
		expect(days[0].from).toBe('2026-03-07T05:00:00.000Z');
		expect(days[1].from).toBe('2026-03-08T05:00:00.000Z');
		expect(days[2].from).toBe('2026-03-09T04:00:00.000Z');
		expect(Date.parse(days[1].to) + 1 - Date.parse(days[1].from)).toBe(23 * 3_600_000);
		expect(days[0].label).toBe('Mar 7');
	});
});

describe('half-shelves booked per day', () => {
	it('counts each reservation on the studio days its window touches, against capacity', () => {
		// 23:30 on 7 March New York time: the 7th in the studio although the 8th in UTC.
		const late = windowed(onStation('KB-5001', KILN_A, 2), '2026-03-08T04:30:00.000Z', null);
		// 00:30 on 9 March (after the change, UTC-4) through 10 March.
		const span = windowed(
			onStation('KB-5002', KILN_A, 3),
			'2026-03-09T04:30:00.000Z',
			'2026-03-10T16:00:00.000Z'
		);
		const loading = run(onStation('KB-5003', KILN_A, 1), [load('loading')]);
		const noWindow = { ...onStation('KB-5004', KILN_A, 4), estimatedWindow: null };
		const elsewhere = windowed(
			onStation('KB-5005', DEMO_STATIONS[1].id, 5),
			'2026-03-08T12:00:00.000Z',
			null
		);
		const requested = windowed(
			intake('KB-5006', { assignedStationId: KILN_A, estimatedHalfShelves: 6 }),
			'2026-03-08T12:00:00.000Z',
			null
		);
		const all = bookingsByDay(
			[late, span, loading, noWindow, elsewhere, requested],
			DEMO_STATIONS,
			NOW,
			ZONE,
			5
		);
		const a = all.find((s) => s.stationId === KILN_A)!;
		expect(a.days.map((d) => [d.key, d.value])).toEqual([
			['2026-03-07', 3],
			['2026-03-08', 0],
			['2026-03-09', 3],
			['2026-03-10', 3],
			['2026-03-11', 0]
		]);
		expect(a.capacity).toBe(DEMO_STATIONS[0].capacityHalfShelves);
		expect(a.unscheduled).toBe(4);
		const b = all.find((s) => s.stationId === DEMO_STATIONS[1].id)!;
		expect(b.days[1].value).toBe(5);
	});
});

describe('queue length over the last days', () => {
	it('counts work waiting at the end of each studio day, from the stage history', () => {
		// Requested 10:00 on the 5th (New York), confirmed the 6th, loading at 22:30 on the 7th.
		const r = run(intake('KB-6001', {}, { now: '2026-03-05T15:00:00.000Z' }), [confirm], {
			now: '2026-03-06T15:00:00.000Z'
		});
		const fired = run(
			r,
			[
				{ type: 'reservation.assign_station', payload: { assignedStationId: KILN_A } },
				load('loading')
			],
			{
				now: '2026-03-08T03:30:00.000Z'
			}
		);
		const other = intake('KB-6002', {}, { now: '2026-03-06T16:00:00.000Z' });
		expect(stageAt(fired, '2026-03-05T14:00:00.000Z')).toBeNull();
		expect(stageAt(fired, '2026-03-06T16:00:00.000Z')).toBe('queued');
		const later = '2026-03-08T04:00:00.000Z'; // 23:00 on the 7th in New York
		const points = queueLengthByDay([fired, other], later, ZONE, 4);
		expect(points.map((p) => [p.key, p.value])).toEqual([
			['2026-03-04', 0],
			['2026-03-05', 1],
			['2026-03-06', 2],
			// 23:00 on the 7th: the first went into the kiln at 22:30.
			['2026-03-07', 1]
		]);
	});
});
