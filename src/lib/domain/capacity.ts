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
