import { halfShelves } from './half-shelves';
import { occupiesStation } from './capacity';
import type { Instant, Reservation, Stage } from './reservation';
import type { Station } from './stations';
import {
	addDays,
	endOfLocalDate,
	formatShortDay,
	localDate,
	startOfDay,
	startOfLocalDate
} from './time-zone';

/*
 * Numbers behind the kiosk's charts, derived from its own copy of the board: `now` and the
 * studio zone are passed in, and every day is a studio day (23 or 25 hours across DST).
 * The points are plain {key, label, value} so any chart (fees and firing reports too) can draw them.
 */

export interface ChartPoint {
	/** Stable key, here the studio date `YYYY-MM-DD`. */
	key: string;
	/** Short axis label ("Mar 9"). */
	label: string;
	value: number;
}

export interface StudioDay {
	date: string;
	from: Instant;
	to: Instant;
	label: string;
}

/** `count` studio days starting with the one `offset` days from the day containing `now`. */
export function studioDays(now: Instant, zone: string, offset: number, count: number): StudioDay[] {
	const first = addDays(startOfDay(now, zone), offset, zone);
	const days: StudioDay[] = [];
	for (let i = 0; i < count; i++) {
		const date = localDate(addDays(first, i, zone), zone);
		const from = startOfLocalDate(date, zone);
		days.push({ date, from, to: endOfLocalDate(date, zone), label: formatShortDay(from, zone) });
	}
	return days;
}

export interface StationBookings {
	stationId: string;
	label: string;
	capacity: number;
	days: ChartPoint[];
	/** Work on the station with no firing window yet, so it is on no day of the chart. */
	unscheduled: number;
}

/**
 * Half-shelves booked on each station per studio day: work placed on the station, still to be
 * fired, counted on every day its estimated window touches. Work being loaded counts today.
 */
export function bookingsByDay(
	reservations: readonly Reservation[],
	stations: readonly Station[],
	now: Instant,
	zone: string,
	count = 14
): StationBookings[] {
	const days = studioDays(now, zone, 0, count);
	return stations.map((s) => {
		const values = days.map(() => 0);
		let unscheduled = 0;
		for (const r of reservations) {
			if (r.assignedStationId !== s.id || !occupiesStation(r)) continue;
			if (r.readyForPickupAt !== null || r.status !== 'CONFIRMED') continue;
			const size = halfShelves(r);
			const w = r.estimatedWindow;
			if (r.loadStatus === 'loading') {
				values[0] += size;
				continue;
			}
			if (!w?.currentStart) {
				unscheduled += size;
				continue;
			}
			const end = w.currentEnd ?? w.currentStart;
			days.forEach((d, i) => {
				if (w.currentStart! <= d.to && end >= d.from) values[i] += size;
			});
		}
		return {
			stationId: s.id,
			label: s.label,
			capacity: s.capacityHalfShelves,
			days: days.map((d, i) => ({ key: d.date, label: d.label, value: values[i] })),
			unscheduled
		};
	});
}

const WAITING: readonly Stage[] = ['intake', 'queued'];

/** The stage a reservation was in at `at`, from its history; null before it existed. */
export function stageAt(r: Reservation, at: Instant): Stage | null {
	if (r.createdAt > at) return null;
	let stage: Stage = 'intake';
	for (const h of r.stageHistory) if (h.at <= at) stage = h.toStage;
	return stage;
}

/**
 * Work waiting (requested or confirmed, not yet in a kiln) at the end of each of the last
 * `count` studio days, today's value being now.
 */
export function queueLengthByDay(
	reservations: readonly Reservation[],
	now: Instant,
	zone: string,
	count = 30
): ChartPoint[] {
	return studioDays(now, zone, -(count - 1), count).map((d) => {
		const at = d.to < now ? d.to : now;
		let n = 0;
		for (const r of reservations) {
			const stage = stageAt(r, at);
			if (stage && WAITING.includes(stage)) n++;
		}
		return { key: d.date, label: d.label, value: n };
	});
}
