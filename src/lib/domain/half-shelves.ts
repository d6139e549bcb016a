import type { Reservation } from './reservation';

type Sizing = Pick<
	Reservation,
	'estimatedHalfShelves' | 'shelfEquivalent' | 'footprintHalfShelves' | 'tiers'
>;

/** Half-shelves a reservation occupies: estimate, else shelf equivalent ×2, else footprint × tiers, else 1. */
export function halfShelves(r: Sizing): number {
	if (r.estimatedHalfShelves !== null && r.estimatedHalfShelves > 0) {
		return Math.max(1, Math.ceil(r.estimatedHalfShelves));
	}
	if (r.shelfEquivalent > 0) return Math.max(1, Math.round(r.shelfEquivalent * 2));
	if (r.footprintHalfShelves && r.tiers) {
		return Math.max(1, Math.ceil(r.footprintHalfShelves * Math.round(r.tiers)));
	}
	return 1;
}
