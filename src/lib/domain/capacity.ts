import { halfShelves } from './half-shelves';
import type { Reservation } from './reservation';
import type { Station } from './stations';

/** Whether a reservation occupies kiln room on its station (cancelled, community, picked-up don't). */
export function occupiesStation(r: Reservation): boolean {
	return (
		r.status !== 'CANCELLED' &&
		r.intakeMode !== 'COMMUNITY_SHELF' &&
		r.pickupWindow?.status !== 'completed' &&
		!r.isArchived
	);
}

/** Half-shelves used on a station by `peers`, leaving out `excludeId` (the work being moved). */
export function stationUsed(
	peers: readonly Reservation[],
	excludeId: string | null = null
): number {
	return peers
		.filter((p) => p.id !== excludeId && occupiesStation(p))
		.reduce((sum, p) => sum + halfShelves(p), 0);
}

export interface StationLoad {
	stationId: string;
	label: string;
	used: number;
	capacity: number;
	free: number;
	/** used / capacity, 0..n (over 1 when a capacity was lowered under existing work). */
	ratio: number;
	pressure: 'light' | 'moderate' | 'high' | 'full';
}

/** Capacity bar for the board. */
export function stationLoad(station: Station, peers: readonly Reservation[]): StationLoad {
	const used = stationUsed(peers.filter((p) => p.assignedStationId === station.id));
	const ratio = used / station.capacityHalfShelves;
	return {
		stationId: station.id,
		label: station.label,
		used,
		capacity: station.capacityHalfShelves,
		free: Math.max(0, station.capacityHalfShelves - used),
		ratio,
		pressure: ratio >= 1 ? 'full' : ratio >= 0.75 ? 'high' : ratio >= 0.45 ? 'moderate' : 'light'
	};
}

/** What staff can do about a full station (shown with every capacity refusal). */
export const CAPACITY_ADVICE = 'Choose another station with room, or Waitlist the reservation.';

/** The one capacity refusal text, from the refusal's details (kiosk and server alike). */
export function capacityMessage(d: {
	stationLabel: string;
	used: number;
	capacity: number;
	needed: number;
	roomElsewhere: readonly { label: string; free: number }[];
}): string {
	const over = d.used + d.needed - d.capacity;
	const where = d.roomElsewhere.length
		? `Room for it: ${d.roomElsewhere.map((x) => `${x.label} (${x.free} free)`).join(', ')}.`
		: 'No other station has room for it right now.';
	return `${d.stationLabel} is full: ${d.used} of ${d.capacity} half-shelves are taken and this work needs ${d.needed}, ${over} over capacity. ${where} ${CAPACITY_ADVICE}`;
}
