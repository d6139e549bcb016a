import { halfShelves } from './half-shelves';
import { occupiesStation } from './capacity';
import { FIRING_TEXT, halfShelfText, pieceRows, type PieceRow } from './pieces';
import type { Instant, Reservation } from './reservation';
import { shortReference } from './reference';
import type { Station } from './stations';
import { endOfDay, formatShortDay, localDate, startOfDay } from './time-zone';

/*
 * The printable day sheet: per station, what goes in (or is in) the kiln today, and the work
 * waiting to be collected. The studio's paper fallback, so it is derived from the kiosk's own
 * copy of the board with `now` and the studio zone passed in.
 */

export interface SheetEntry {
	id: string;
	reference: string;
	customer: string;
	firing: string;
	size: string;
	halfShelves: number;
	/** Why it is on today's list, in words ("loading now", "due today"). */
	why: string;
	pieces: PieceRow[];
}

export interface StationSheet {
	stationId: string;
	label: string;
	capacity: number;
	used: number;
	loads: SheetEntry[];
}

export interface PickupEntry extends SheetEntry {
	station: string;
	/** The confirmed pickup slot when it is today, otherwise null. */
	slotToday: boolean;
}

export interface DaySheet {
	/** `YYYY-MM-DD` of the studio day. */
	date: string;
	stations: StationSheet[];
	pickups: PickupEntry[];
}

const overlaps = (start: string | null, end: string | null, from: string, to: string) =>
	start !== null && start <= to && (end ?? start) >= from;

function entry(r: Reservation, why: string): SheetEntry {
	const n = halfShelves(r);
	return {
		id: r.id,
		reference: shortReference(r.id),
		customer: r.customerName,
		firing: FIRING_TEXT[r.firingType],
		size: halfShelfText(n),
		halfShelves: n,
		why,
		pieces: pieceRows(r.pieces)
	};
}

const pickedUp = (r: Reservation) => r.pickupWindow?.status === 'completed';

/** Why a reservation is on today's load list of its station, or null when it is not. */
function loadReason(r: Reservation, from: Instant, to: Instant): string | null {
	if (!r.assignedStationId || r.status !== 'CONFIRMED' || !occupiesStation(r)) return null;
	// Marked loaded means fired and ready (load.ts sets readyForPickupAt): it is a pickup now.
	if (r.readyForPickupAt !== null || pickedUp(r)) return null;
	if (r.loadStatus === 'loading') return 'loading now';
	const w = r.estimatedWindow;
	if (w && overlaps(w.currentStart, w.currentEnd, from, to)) return 'due today';
	return null;
}

const byOrder = (a: Reservation, b: Reservation) =>
	(a.queuePositionHint ?? 9999) - (b.queuePositionHint ?? 9999) ||
	(a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0);

export function daySheet(
	reservations: readonly Reservation[],
	stations: readonly Station[],
	now: Instant,
	zone: string
): DaySheet {
	const from = startOfDay(now, zone);
	const to = endOfDay(now, zone);
	const live = reservations.filter((r) => !r.isArchived);
	const sheets: StationSheet[] = stations.map((s) => {
		const mine = live.filter((r) => r.assignedStationId === s.id);
		const loads = mine
			.map((r) => ({ r, why: loadReason(r, from, to) }))
			.filter((x): x is { r: Reservation; why: string } => x.why !== null)
			.sort((a, b) => byOrder(a.r, b.r))
			.map(({ r, why }) => entry(r, why));
		const used = mine.filter(occupiesStation).reduce((n, r) => n + halfShelves(r), 0);
		return { stationId: s.id, label: s.label, capacity: s.capacityHalfShelves, used, loads };
	});
	const label = new Map(stations.map((s) => [s.id, s.label]));
	const pickups = live
		.filter((r) => r.status !== 'CANCELLED' && r.readyForPickupAt !== null && !pickedUp(r))
		// Longest waiting first; today's confirmed slots go to the top below.
		.sort((a, b) => (a.readyForPickupAt! < b.readyForPickupAt! ? -1 : 1))
		.map((r): PickupEntry => {
			const w = r.pickupWindow;
			const slotToday =
				!!w && w.status === 'confirmed' && overlaps(w.confirmedStart, w.confirmedEnd, from, to);
			const why = slotToday
				? 'pickup slot today'
				: `ready since ${formatShortDay(r.readyForPickupAt!, zone)}`;
			return {
				...entry(r, why),
				station: (r.assignedStationId && label.get(r.assignedStationId)) || 'No station',
				slotToday
			};
		})
		.sort((a, b) => Number(b.slotToday) - Number(a.slotToday));
	return { date: localDate(now, zone), stations: sheets, pickups };
}
