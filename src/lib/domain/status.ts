import type { LoadStatus, ReservationStatus, Stage } from './reservation';

/** Moves a reservation's status may make; staying on the same status (with a note) is always allowed. */
export const STATUS_TRANSITIONS: Readonly<Record<ReservationStatus, readonly ReservationStatus[]>> =
	{
		REQUESTED: ['CONFIRMED', 'WAITLISTED', 'CANCELLED'],
		CONFIRMED: ['WAITLISTED', 'CANCELLED'],
		WAITLISTED: ['CONFIRMED', 'CANCELLED'],
		CANCELLED: []
	};

export function canTransition(from: ReservationStatus, to: ReservationStatus): boolean {
	if (from === to) return from !== 'CANCELLED';
	return STATUS_TRANSITIONS[from].includes(to);
}

/** One stage vocabulary: cancelled wins, then pickup, then the load progression. */
export function stageFor(
	status: ReservationStatus,
	loadStatus: LoadStatus,
	pickedUp = false
): Stage {
	if (status === 'CANCELLED') return 'cancelled';
	if (pickedUp) return 'picked_up';
	if (loadStatus === 'loaded') return 'loaded';
	if (loadStatus === 'loading') return 'loading';
	return status === 'REQUESTED' ? 'intake' : 'queued';
}
