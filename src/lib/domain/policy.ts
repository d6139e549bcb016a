import type { ActionType } from './actions';
import type { Role } from './reservation';

/** Least role an actor needs for each action (the public request page acts as `client`). */
export const REQUIRED_ROLE: Record<ActionType, Role> = {
	'reservation.intake': 'staff',
	'reservation.status': 'staff',
	'reservation.note': 'staff',
	'reservation.load': 'staff',
	'reservation.assign_station': 'staff',
	'reservation.pickup_window': 'staff',
	'reservation.queue_fairness': 'staff',
	'reservation.arrival': 'staff',
	'reservation.safety_hold': 'staff',
	'reservation.escalate': 'staff',
	'reservation.reactivate': 'staff',
	'reservation.fee_paid': 'staff',
	'station.availability': 'supervisor',
	'firing.create': 'staff',
	'firing.step': 'staff',
	'station.element_change': 'supervisor'
};
