import type { ActionType } from './actions';
import type { FieldGroup, Reservation, Role } from './reservation';

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
	'station.availability': 'supervisor'
};

/**
 * Field groups an action was decided on. If any changed on the server after the action's
 * baseVersion, the action is `stale`; changes to other groups do not matter.
 */
export const DEPENDS_ON: Record<ActionType, readonly FieldGroup[]> = {
	'reservation.intake': [],
	'reservation.status': ['status'],
	'reservation.note': ['notes'],
	'reservation.load': ['status', 'load'],
	'reservation.assign_station': ['status', 'station'],
	'reservation.pickup_window': ['status', 'load', 'pickup'],
	'reservation.queue_fairness': ['status', 'fairness'],
	'reservation.arrival': ['status', 'arrival'],
	'reservation.safety_hold': ['status', 'hold'],
	'reservation.escalate': ['status'],
	'reservation.reactivate': ['status'],
	'station.availability': []
};

/** The groups that changed after `baseVersion` and that the action depends on. */
export function staleGroups(r: Reservation, type: ActionType, baseVersion: number): FieldGroup[] {
	return DEPENDS_ON[type].filter((g) => (r.fieldVersions[g] ?? 0) > baseVersion);
}
