import type { Action } from './actions';
import type { ApplyContext } from './context';
import type { Effects } from './effects';
import { fail, type Failure } from './outcome';
import type { Reservation } from './reservation';

type OperationAction = Exclude<
	Action,
	{
		type: 'reservation.intake' | 'reservation.status' | 'reservation.note' | 'station.availability';
	}
>;

/** The playbook's operations (load, stations, pickup, fairness, arrival, hold, escalation). */
export function applyOperation(
	_r: Reservation,
	action: OperationAction,
	_ctx: ApplyContext,
	_effects: Effects
): { ok: true; reservation: Reservation; noop?: boolean; created?: Reservation | null } | Failure {
	return fail('invalid', `The action ${action.type} is not available yet.`);
}
