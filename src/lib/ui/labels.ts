import type { Action } from '$lib/domain/actions';
import { FIRING_STEP_LABEL } from '$lib/domain/firing-record';
import type { LoadStatus, ReservationStatus } from '$lib/domain/reservation';

export const STATUS_LABEL: Record<ReservationStatus, string> = {
	REQUESTED: 'Requested',
	CONFIRMED: 'Confirmed',
	WAITLISTED: 'Waitlisted',
	CANCELLED: 'Cancelled'
};

export const LOAD_LABEL: Record<LoadStatus, string> = {
	queued: 'Queued',
	loading: 'Loading',
	loaded: 'Loaded'
};

// ETA states in words: `ETA_STATE_WORDS` in domain/queue.ts (with `overdue`, from `etaState`).

/** What a queued action meant, in words, for the sync panel and failure review. */
/**
 * One line for an action. `stationName` turns a station id into its name; screens that have the
 * station list pass it, so staff read "Kiln 2", not an id.
 */
export function describeAction(
	a: Action,
	stationName: (id: string) => string = (id) => id
): string {
	switch (a.type) {
		case 'reservation.intake':
			return `New reservation for ${a.payload.customerName}`;
		case 'reservation.status':
			return `Set status to ${STATUS_LABEL[a.payload.status]}${a.payload.staffNotes ? ` (“${a.payload.staffNotes}”)` : ''}`;
		case 'reservation.note':
			return `Add staff note “${a.payload.staffNotes}”`;
		case 'reservation.load':
			return `Set load to ${LOAD_LABEL[a.payload.loadStatus]}`;
		case 'reservation.assign_station':
			return `Assign to station ${stationName(a.payload.assignedStationId)}`;
		case 'reservation.pickup_window':
			return `Pickup: ${a.payload.action.replace('staff_', '').replace(/_/g, ' ')}`;
		case 'reservation.queue_fairness':
			return `Fairness: ${a.payload.action.replace(/_/g, ' ')} — ${a.payload.reason}`;
		case 'reservation.arrival':
			return a.payload.action === 'check_in' ? 'Check in customer' : 'Reissue arrival code';
		case 'reservation.safety_hold':
			return a.payload.hold ? `Safety hold: ${a.payload.reason}` : 'Release safety hold';
		case 'reservation.escalate':
			return `Escalate delay: ${a.payload.reason}`;
		case 'reservation.fee_paid':
			return a.payload.action === 'mark_paid'
				? `Mark paid (${a.payload.amountMinor} minor units)`
				: `Clear paid mark: ${a.payload.reason}`;
		case 'reservation.reactivate':
			return `Reactivate as new reservation: ${a.payload.reason}`;
		case 'station.availability':
			return `${a.payload.available ? 'Reopen' : 'Close'} station ${stationName(a.payload.stationId)}: ${a.payload.reason}`;
		case 'firing.create':
			return `Plan firing ${a.payload.firingId} on ${stationName(a.payload.stationId)} (${a.payload.reservationIds.length} reservations)`;
		case 'firing.step':
			return `Firing ${a.payload.firingId}: ${FIRING_STEP_LABEL[a.payload.step]}`;
		case 'station.element_change':
			return `Elements changed on ${stationName(a.payload.stationId)}: ${a.payload.reason}`;
	}
}

export const FAIRNESS_ACTION_LABEL: Record<string, string> = {
	record_no_show: 'No-show recorded',
	record_late_arrival: 'Late arrival recorded',
	set_override_boost: 'Override boost set',
	clear_override: 'Override cleared'
};
