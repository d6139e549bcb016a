import type { ChartPoint } from './charts-data';
import { feeSummary, minorDigits, monthOf } from './fees';
import type { Firing } from './firing-record';
import { FIRING_TEXT } from './pieces';
import type { Row } from './export/format';
import type { Instant, Reservation } from './reservation';
import type { Station } from './stations';
import { storageRisk, type StorageRisk } from './storage';
import { formatShortDay, localDate, startOfLocalDate } from './time-zone';

/*
 * The kiosk's reports, from its own copy of the board and of the firings: `now` and the studio
 * zone are passed in, weeks run Monday to Sunday and months are calendar months, both in the
 * studio zone. Every figure reuses the domain's own rule (fees, storage risk, fairness records).
 */

type FiringType = Reservation['firingType'];

const DAY_MS = 86_400_000;

/** A calendar date `YYYY-MM-DD` moved by whole days (pure date arithmetic, no zone involved). */
function shiftDate(date: string, days: number): string {
	const [y, m, d] = date.split('-').map(Number);
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export interface StudioPeriod {
	/** `YYYY-MM-DD` of the week's Monday, or `YYYY-MM` of the month. */
	key: string;
	label: string;
	from: Instant;
	/** Exclusive: the start of the next period. */
	to: Instant;
}

/** The last `count` studio weeks (Monday 00:00 to Monday 00:00), the current one last. */
export function studioWeeks(now: Instant, zone: string, count: number): StudioPeriod[] {
	const today = localDate(now, zone);
	const [y, m, d] = today.split('-').map(Number);
	const sinceMonday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
	const monday = shiftDate(today, -sinceMonday);
	const weeks: StudioPeriod[] = [];
	for (let i = count - 1; i >= 0; i--) {
		const start = shiftDate(monday, -7 * i);
		const from = startOfLocalDate(start, zone);
		weeks.push({
			key: start,
			label: formatShortDay(from, zone),
			from,
			to: startOfLocalDate(shiftDate(start, 7), zone)
		});
	}
	return weeks;
}

const MONTH_LABEL = new Intl.DateTimeFormat('en-US', {
	month: 'short',
	year: 'numeric',
	timeZone: 'UTC'
});

/** The last `count` studio months, the current one last. */
export function studioMonths(now: Instant, zone: string, count: number): StudioPeriod[] {
	const [y, m] = monthOf(now, zone).split('-').map(Number);
	const months: StudioPeriod[] = [];
	for (let i = count - 1; i >= 0; i--) {
		const first = new Date(Date.UTC(y, m - 1 - i, 1));
		const next = new Date(Date.UTC(y, m - i, 1));
		const key = first.toISOString().slice(0, 7);
		months.push({
			key,
			label: MONTH_LABEL.format(first),
			from: startOfLocalDate(`${key}-01`, zone),
			to: startOfLocalDate(next.toISOString().slice(0, 10), zone)
		});
	}
	return months;
}

const inPeriod = (at: Instant, p: StudioPeriod) => at >= p.from && at < p.to;

export interface KilnWeeks {
	stationId: string;
	label: string;
	weeks: ChartPoint[];
	total: number;
}

/**
 * Firings per studio week on each kiln, counted in the week the firing actually started (a
 * planned or loading firing has not fired yet, so it is on no week).
 */
export function firingsPerWeek(
	firings: readonly Firing[],
	stations: readonly Station[],
	now: Instant,
	zone: string,
	count = 12
): KilnWeeks[] {
	const weeks = studioWeeks(now, zone, count);
	return stations.map((s) => {
		const mine = firings.filter((f) => f.stationId === s.id && f.firingStartedAt !== null);
		const points = weeks.map((w) => ({
			key: w.key,
			label: w.label,
			value: mine.filter((f) => inPeriod(f.firingStartedAt!, w)).length
		}));
		return {
			stationId: s.id,
			label: s.label,
			weeks: points,
			total: points.reduce((n, p) => n + p.value, 0)
		};
	});
}

/** Linear-interpolated quantile of sorted values (q in 0…1), the usual spreadsheet method. */
export function quantile(sorted: readonly number[], q: number): number {
	if (sorted.length === 0) return NaN;
	const pos = (sorted.length - 1) * q;
	const lo = Math.floor(pos);
	const hi = Math.ceil(pos);
	return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface Spread {
	count: number;
	min: number;
	p25: number;
	median: number;
	p75: number;
	max: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Count, min, quartiles and max (each to 0.1), or null for no values. */
export function spreadOf(values: readonly number[]): Spread | null {
	if (values.length === 0) return null;
	const s = [...values].sort((a, b) => a - b);
	return {
		count: s.length,
		min: round1(s[0]),
		p25: round1(quantile(s, 0.25)),
		median: round1(quantile(s, 0.5)),
		p75: round1(quantile(s, 0.75)),
		max: round1(s[s.length - 1])
	};
}

export interface TurnaroundRow {
	/** `all` or a firing type. */
	key: 'all' | FiringType;
	label: string;
	spread: Spread | null;
}

/**
 * Days from request (the card's creation) to fired (ready for pickup: the load step that ends a
 * firing), for work fired from `since` on; overall and per firing type. Fractional days, because
 * a same-day turnaround is a real figure.
 */
export function turnaround(reservations: readonly Reservation[], since: Instant): TurnaroundRow[] {
	const fired = reservations.filter(
		(r) => r.readyForPickupAt !== null && r.readyForPickupAt >= since
	);
	const days = (r: Reservation) =>
		Math.max(0, (Date.parse(r.readyForPickupAt!) - Date.parse(r.createdAt)) / DAY_MS);
	const rows: TurnaroundRow[] = [
		{ key: 'all', label: 'All firing types', spread: spreadOf(fired.map(days)) }
	];
	for (const t of Object.keys(FIRING_TEXT) as FiringType[])
		rows.push({
			key: t,
			label: FIRING_TEXT[t],
			spread: spreadOf(fired.filter((r) => r.firingType === t).map(days))
		});
	return rows;
}

export interface Rate {
	key: 'no_show' | 'late_arrival' | 'missed_pickup';
	label: string;
	count: number;
	of: number;
	/** Percent to 0.1, or null when there is nothing to divide by. */
	percent: number | null;
}

/**
 * No-show and late-arrival rates as the fairness policy records them (a staff action with
 * evidence raises the card's count), over cards that had a visit to make: an arrival record or a
 * pickup window. Missed pickups are the pickup window's own count. A card counts once however
 * many times it was recorded; cancelled cards keep theirs (cancelling does not wash them out).
 */
export function attendanceRates(reservations: readonly Reservation[]): Rate[] {
	const visits = reservations.filter((r) => r.arrivalStatus !== null || r.pickupWindow !== null);
	const windows = reservations.filter((r) => r.pickupWindow !== null);
	const rate = (key: Rate['key'], label: string, count: number, of: number): Rate => ({
		key,
		label,
		count,
		of,
		percent: of === 0 ? null : round1((100 * count) / of)
	});
	return [
		rate(
			'no_show',
			'No-shows',
			visits.filter((r) => r.queueFairness.noShowCount > 0).length,
			visits.length
		),
		rate(
			'late_arrival',
			'Late arrivals',
			visits.filter((r) => r.queueFairness.lateArrivalCount > 0).length,
			visits.length
		),
		rate(
			'missed_pickup',
			'Missed pickup windows',
			windows.filter((r) => (r.pickupWindow?.missedCount ?? 0) > 0).length,
			windows.length
		)
	];
}

export interface OverdueItem {
	reservationId: string;
	customerName: string;
	stationId: string | null;
	readyAt: Instant;
	risk: StorageRisk;
}

/**
 * Work still in storage past its covered time (billing or reclaimed by the storage policy, as
 * `storageRisk` says at `now`), longest waiting first.
 */
export function overdueStorage(
	reservations: readonly Reservation[],
	now: Instant,
	zone: string
): OverdueItem[] {
	const out: OverdueItem[] = [];
	for (const r of reservations) {
		const risk = storageRisk(r, now, zone);
		if (risk.level !== 'billing' && risk.level !== 'reclaimed') continue;
		out.push({
			reservationId: r.id,
			customerName: r.customerName,
			stationId: r.assignedStationId,
			readyAt: r.readyForPickupAt!,
			risk
		});
	}
	return out.sort(
		(a, b) => a.readyAt.localeCompare(b.readyAt) || a.reservationId.localeCompare(b.reservationId)
	);
}

/** Overdue storage counted by level, for its chart. */
export function overdueByLevel(items: readonly OverdueItem[]): ChartPoint[] {
	return [
		{
			key: 'billing',
			label: 'Billing',
			value: items.filter((i) => i.risk.level === 'billing').length
		},
		{
			key: 'reclaimed',
			label: 'Reclaimed',
			value: items.filter((i) => i.risk.level === 'reclaimed').length
		}
	];
}

export interface MonthFees {
	key: string;
	label: string;
	totalMinor: number;
	paidMinor: number;
	dueMinor: number;
	reservations: number;
}

export interface FeeMonths {
	currency: string;
	months: MonthFees[];
}

/**
 * Fees per studio month, by the month the fee was computed (when the work was fired), the same
 * month the customer's statement puts it in; each card's total is `feeSummary`'s (firing,
 * prepaid and storage). One series per currency, so amounts are never added across currencies.
 */
export function feesPerMonth(
	reservations: readonly Reservation[],
	now: Instant,
	zone: string,
	count = 6
): FeeMonths[] {
	const months = studioMonths(now, zone, count);
	const byCurrency = new Map<string, MonthFees[]>();
	for (const r of reservations) {
		const s = feeSummary(r);
		if (!s || !r.fee) continue;
		const i = months.findIndex((m) => m.key === monthOf(r.fee!.computedAt, zone));
		if (i < 0) continue;
		let rows = byCurrency.get(s.currency);
		if (!rows) {
			rows = months.map((m) => ({
				key: m.key,
				label: m.label,
				totalMinor: 0,
				paidMinor: 0,
				dueMinor: 0,
				reservations: 0
			}));
			byCurrency.set(s.currency, rows);
		}
		rows[i].totalMinor += s.totalMinor;
		rows[i].paidMinor += s.paidMinor;
		rows[i].dueMinor += s.dueMinor;
		rows[i].reservations++;
	}
	return [...byCurrency]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([currency, rows]) => ({ currency, months: rows }));
}

/** Minor units as a major-unit number (1234 GBP → 12.34), for charts and CSV cells. */
export const toMajor = (minor: number, currency: string) =>
	Number((minor / 10 ** minorDigits(currency)).toFixed(minorDigits(currency)));

/* CSV rows (for `toCsv`, which neutralises formula-looking text) and their columns. */

export const FIRINGS_WEEK_COLUMNS = ['weekStarting', 'stationId', 'station', 'firings'] as const;
export const firingsWeekRows = (kilns: readonly KilnWeeks[]): Row[] =>
	kilns.flatMap((k) =>
		k.weeks.map((w) => ({
			weekStarting: w.key,
			stationId: k.stationId,
			station: k.label,
			firings: w.value
		}))
	);

export const TURNAROUND_COLUMNS = [
	'firingType',
	'fired',
	'minDays',
	'p25Days',
	'medianDays',
	'p75Days',
	'maxDays'
] as const;
export const turnaroundRows = (rows: readonly TurnaroundRow[]): Row[] =>
	rows.map((r) => ({
		firingType: r.key,
		fired: r.spread?.count ?? 0,
		minDays: r.spread?.min ?? null,
		p25Days: r.spread?.p25 ?? null,
		medianDays: r.spread?.median ?? null,
		p75Days: r.spread?.p75 ?? null,
		maxDays: r.spread?.max ?? null
	}));

export const ATTENDANCE_COLUMNS = ['measure', 'count', 'of', 'percent'] as const;
export const attendanceRows = (rates: readonly Rate[]): Row[] =>
	rates.map((r) => ({ measure: r.label, count: r.count, of: r.of, percent: r.percent }));

export const OVERDUE_COLUMNS = [
	'reservationId',
	'customerName',
	'stationId',
	'readyAt',
	'level',
	'billedDays',
	'accruedCost'
] as const;
export const overdueRows = (items: readonly OverdueItem[]): Row[] =>
	items.map((i) => ({
		reservationId: i.reservationId,
		customerName: i.customerName,
		stationId: i.stationId,
		readyAt: i.readyAt,
		level: i.risk.level,
		billedDays: i.risk.billedDays,
		accruedCost: i.risk.accruedCost.toFixed(2)
	}));

export const FEES_MONTH_COLUMNS = [
	'month',
	'currency',
	'reservations',
	'total',
	'paid',
	'due'
] as const;
export const feesMonthRows = (series: readonly FeeMonths[]): Row[] =>
	series.flatMap((s) => {
		const major = (m: number) =>
			(m / 10 ** minorDigits(s.currency)).toFixed(minorDigits(s.currency));
		return s.months.map((m) => ({
			month: m.key,
			currency: s.currency,
			reservations: m.reservations,
			total: major(m.totalMinor),
			paid: major(m.paidMinor),
			due: major(m.dueMinor)
		}));
	});
