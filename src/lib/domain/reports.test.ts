import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './export/csv';
import { computeFee } from './fees';
import type { Firing } from './firing-record';
import {
	attendanceRates,
	FEES_MONTH_COLUMNS,
	feesMonthRows,
	feesPerMonth,
	firingsPerWeek,
	overdueByLevel,
	overdueRows,
	overdueStorage,
	OVERDUE_COLUMNS,
	quantile,
	studioMonths,
	studioWeeks,
	turnaround
} from './reports';
import type { PickupWindow, Reservation } from './reservation';
import { DEMO_STATIONS } from './stations';
import { intake, TEST_PRICES } from '../../testing/domain/fixtures';

const ZONE = 'America/New_York';
// 11:00 on Wednesday 11 March 2026 in New York; clocks went forward on Sunday 8 March.
const NOW = '2026-03-11T15:00:00.000Z';
const [KILN_A, KILN_B] = DEMO_STATIONS;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const plus = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();

function firing(id: string, stationId: string, startedAt: string | null): Firing {
	return {
		id,
		stationId,
		firingType: 'bisque',
		targetCone: '04',
		programNotes: null,
		plannedDate: startedAt ?? NOW,
		members: [
			{ reservationId: 'KB-1', halfShelves: 1, outcome: null, outcomeReason: null, flags: [] }
		],
		state: startedAt ? 'unloaded' : 'planned',
		createdAt: '2026-01-01T00:00:00.000Z',
		createdByUid: 'staff-sam',
		loadingStartedAt: startedAt,
		loadedByUid: startedAt ? 'staff-sam' : null,
		firingStartedAt: startedAt,
		unloadedAt: startedAt,
		unloadedByUid: startedAt ? 'staff-sam' : null,
		notes: null,
		version: 1,
		updatedAt: startedAt ?? NOW
	};
}

const card = (id: string, o: Partial<Reservation> = {}): Reservation => ({ ...intake(id), ...o });

describe('studio weeks and months', () => {
	it('starts weeks on the studio Monday at local midnight, across the DST change', () => {
		const weeks = studioWeeks(NOW, ZONE, 3);
		expect(weeks.map((w) => w.key)).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
		expect(weeks[1].from).toBe('2026-03-02T05:00:00.000Z');
		// The week of the change is one hour short: it ends at 04:00Z, EDT midnight.
		expect(weeks[1].to).toBe('2026-03-09T04:00:00.000Z');
		expect(weeks[2].from).toBe(weeks[1].to);
		expect(weeks[2].label).toBe('Mar 9');
	});

	it('treats a Monday as the first day of its own week', () => {
		// 00:30 Monday 9 March in New York.
		expect(studioWeeks('2026-03-09T04:30:00.000Z', ZONE, 1)[0].key).toBe('2026-03-09');
		// 23:30 Sunday 8 March in New York (already Monday in UTC).
		expect(studioWeeks('2026-03-09T03:30:00.000Z', ZONE, 1)[0].key).toBe('2026-03-02');
	});

	it('gives calendar months in the studio zone, over a year boundary', () => {
		const months = studioMonths('2026-01-10T12:00:00.000Z', ZONE, 3);
		expect(months.map((m) => m.key)).toEqual(['2025-11', '2025-12', '2026-01']);
		expect(months[0].label).toBe('Nov 2025');
		expect(months[1].from).toBe('2025-12-01T05:00:00.000Z');
		expect(months[1].to).toBe('2026-01-01T05:00:00.000Z');
	});
});

describe('firings per week per kiln', () => {
	it('counts each started firing in the studio week it started, per kiln', () => {
		const firings = [
			// 00:30 Monday 9 March local: this week.
			firing('f1', KILN_A.id, '2026-03-09T04:30:00.000Z'),
			// 23:30 Sunday 8 March local (Monday in UTC): last week.
			firing('f2', KILN_A.id, '2026-03-09T03:30:00.000Z'),
			firing('f3', KILN_A.id, '2026-03-03T12:00:00.000Z'),
			// Planned, not started: on no week.
			firing('f4', KILN_A.id, null),
			// Before the 12 weeks.
			firing('f5', KILN_A.id, '2025-11-01T12:00:00.000Z'),
			firing('f6', KILN_B.id, '2026-03-10T12:00:00.000Z')
		];
		const [a, b] = firingsPerWeek(firings, [KILN_A, KILN_B], NOW, ZONE, 12);
		expect(a.weeks).toHaveLength(12);
		expect(a.weeks.at(-1)).toMatchObject({ key: '2026-03-09', value: 1 });
		expect(a.weeks.at(-2)).toMatchObject({ key: '2026-03-02', value: 2 });
		expect(a.total).toBe(3);
		expect(b.weeks.at(-1)?.value).toBe(1);
		expect(b.total).toBe(1);
	});
});

describe('days from request to fired', () => {
	it('gives min, quartiles, median and max overall and per firing type', () => {
		const since = '2026-01-01T00:00:00.000Z';
		const created = '2026-02-01T12:00:00.000Z';
		const fired = (id: string, days: number, firingType: Reservation['firingType']) =>
			card(id, { createdAt: created, readyForPickupAt: plus(created, days * DAY), firingType });
		const rows = turnaround(
			[
				fired('g1', 1, 'glaze'),
				fired('g2', 2, 'glaze'),
				fired('g3', 4, 'glaze'),
				fired('g4', 10, 'glaze'),
				fired('b1', 3, 'bisque'),
				// Fired before the period: left out.
				card('old', {
					createdAt: '2025-11-01T00:00:00.000Z',
					readyForPickupAt: '2025-12-30T00:00:00.000Z'
				}),
				// Not fired yet: left out.
				card('wait', { createdAt: created })
			],
			since
		);
		const by = Object.fromEntries(rows.map((r) => [r.key, r.spread]));
		// Glaze [1, 2, 4, 10]: p25 at position 0.75 → 1.75, median 3, p75 at 2.25 → 5.5.
		expect(by.glaze).toEqual({ count: 4, min: 1, p25: 1.8, median: 3, p75: 5.5, max: 10 });
		expect(by.bisque).toEqual({ count: 1, min: 3, p25: 3, median: 3, p75: 3, max: 3 });
		// All [1, 2, 3, 4, 10].
		expect(by.all).toEqual({ count: 5, min: 1, p25: 2, median: 3, p75: 4, max: 10 });
		expect(by.other).toBeNull();
	});

	it('interpolates quantiles linearly and has none for no values', () => {
		expect(quantile([10, 20], 0.5)).toBe(15);
		expect(quantile([], 0.5)).toBeNaN();
	});
});

describe('no-show and late-arrival rates', () => {
	const window = (o: Partial<PickupWindow>): PickupWindow => ({
		status: 'open',
		confirmedStart: null,
		confirmedEnd: null,
		confirmedAt: null,
		completedAt: null,
		missedCount: 0,
		lastMissedAt: null,
		...o
	});
	const fair = (noShowCount: number, lateArrivalCount: number) => ({
		...intake('x').queueFairness,
		noShowCount,
		lateArrivalCount
	});

	it('divides cards with a recorded no-show or late arrival by cards with a visit to make', () => {
		const rates = attendanceRates([
			card('a', { arrivalStatus: 'expected', queueFairness: fair(2, 0) }),
			card('b', { arrivalStatus: 'arrived', queueFairness: fair(0, 1) }),
			card('c', {
				arrivalStatus: 'arrived',
				pickupWindow: window({ status: 'missed', missedCount: 1 })
			}),
			card('d', { pickupWindow: window({ status: 'completed' }) }),
			// No arrival record and no pickup window: no visit to make, not counted.
			card('e')
		]);
		expect(rates).toEqual([
			{ key: 'no_show', label: 'No-shows', count: 1, of: 4, percent: 25 },
			{ key: 'late_arrival', label: 'Late arrivals', count: 1, of: 4, percent: 25 },
			{ key: 'missed_pickup', label: 'Missed pickup windows', count: 1, of: 2, percent: 50 }
		]);
	});

	it('has no rate when there is nothing to divide by', () => {
		expect(attendanceRates([card('e')]).map((r) => r.percent)).toEqual([null, null, null]);
	});
});

describe('overdue storage', () => {
	const ready = (id: string, daysAgo: number, o: Partial<Reservation> = {}) =>
		card(id, {
			status: 'CONFIRMED',
			loadStatus: 'loaded',
			readyForPickupAt: plus(NOW, -daysAgo * DAY),
			...o
		});

	it('lists work past covered storage (billing or reclaimed), longest waiting first', () => {
		const items = overdueStorage(
			[
				ready('billing', 30),
				ready('reclaimed', 60),
				ready('fresh', 5),
				ready('collected', 40, { storageStatus: 'picked_up' }),
				card('waiting')
			],
			NOW,
			ZONE
		);
		expect(items.map((i) => [i.reservationId, i.risk.level])).toEqual([
			['reclaimed', 'reclaimed'],
			['billing', 'billing']
		]);
		expect(overdueByLevel(items).map((p) => p.value)).toEqual([1, 1]);
		const csv = parseCsv(toCsv(OVERDUE_COLUMNS, overdueRows(items)));
		expect(csv[0]).toEqual([...OVERDUE_COLUMNS]);
		expect(csv[1].slice(0, 2)).toEqual(['reclaimed', 'Ada Potter']);
	});
});

describe('fee totals per month', () => {
	const fired = (id: string, at: string, half: number, paidMinor: number | null = null) => {
		const r = card(id, { firingType: 'glaze', estimatedHalfShelves: half });
		return { ...r, fee: { ...computeFee(r, TEST_PRICES, at), paidMinor } };
	};

	it('adds each month’s fee totals by the studio month the work was fired', () => {
		const series = feesPerMonth(
			[
				// 22:00 on 28 February local (1 March UTC): February. 2 × 650 = 1300.
				fired('f1', '2026-03-01T03:00:00.000Z', 2, 1300),
				// 1 × 650 is under the 1000 minimum: 1000.
				fired('f2', '2026-03-10T12:00:00.000Z', 1, 400),
				fired('f3', '2026-03-11T12:00:00.000Z', 2),
				// Before the three months: left out.
				fired('old', '2025-12-15T12:00:00.000Z', 2),
				card('unfired')
			],
			NOW,
			ZONE,
			3
		);
		expect(series).toHaveLength(1);
		expect(series[0].currency).toBe('GBP');
		expect(series[0].months).toEqual([
			{
				key: '2026-01',
				label: 'Jan 2026',
				totalMinor: 0,
				paidMinor: 0,
				dueMinor: 0,
				reservations: 0
			},
			{
				key: '2026-02',
				label: 'Feb 2026',
				totalMinor: 1300,
				paidMinor: 1300,
				dueMinor: 0,
				reservations: 1
			},
			{
				key: '2026-03',
				label: 'Mar 2026',
				totalMinor: 2300,
				paidMinor: 400,
				dueMinor: 1900,
				reservations: 2
			}
		]);
		const csv = parseCsv(toCsv(FEES_MONTH_COLUMNS, feesMonthRows(series)));
		expect(csv[0]).toEqual(['month', 'currency', 'reservations', 'total', 'paid', 'due']);
		expect(csv[3]).toEqual(['2026-03', 'GBP', '2', '23.00', '4.00', '19.00']);
	});

	it('is empty when nothing was fired', () => {
		expect(feesPerMonth([card('unfired')], NOW, ZONE, 3)).toEqual([]);
	});
});

describe('CSV cells from people are neutralised', () => {
	it('keeps a customer name that looks like a formula as text', () => {
		const r = card('kb', {
			customerName: '=HYPERLINK("x")',
			status: 'CONFIRMED',
			loadStatus: 'loaded',
			readyForPickupAt: plus(NOW, -30 * DAY)
		});
		const csv = parseCsv(toCsv(OVERDUE_COLUMNS, overdueRows(overdueStorage([r], NOW, ZONE))));
		expect(csv[1][1]).toBe(`'=HYPERLINK("x")`);
	});
});
