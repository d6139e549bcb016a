import type { Action } from './actions';
import { arrivalAction } from './arrival';
import { assignStation } from './assign-station';
import type { ApplyContext } from './context';
import type { Effects } from './effects';
import { escalate } from './escalate';
import { feePaid } from './fee-paid';
import { changeLoad } from './load';
import { pickupWindowAction } from './pickup-window';
import { queueFairnessAction } from './queue-fairness';
import { reactivate } from './reactivate';
import type { Reservation } from './reservation';
import { safetyHold } from './safety-hold';
import type { Step } from './step';

type OperationAction = Exclude<
	Action,
	{
		type:
			| 'reservation.intake'
			| 'reservation.status'
			| 'reservation.note'
			| 'station.availability'
			| 'firing.create'
			| 'firing.step'
			| 'station.element_change';
	}
>;

/** The playbook's operations (load, stations, pickup, fairness, arrival, hold, escalation). */
export function applyOperation(
	r: Reservation,
	action: OperationAction,
	ctx: ApplyContext,
	effects: Effects
): Step {
	switch (action.type) {
		case 'reservation.load':
			return changeLoad(r, action.payload, ctx, effects);
		case 'reservation.assign_station':
			return assignStation(r, action.payload, ctx);
		case 'reservation.pickup_window':
			return pickupWindowAction(r, action.payload, ctx, effects);
		case 'reservation.queue_fairness':
			return queueFairnessAction(r, action.payload, ctx, effects);
		case 'reservation.arrival':
			return arrivalAction(r, action.payload, ctx);
		case 'reservation.safety_hold':
			return safetyHold(r, action.payload, ctx);
		case 'reservation.escalate':
			return escalate(r, action.payload, ctx, effects);
		case 'reservation.reactivate':
			return reactivate(r, action.payload, ctx, effects);
		case 'reservation.fee_paid':
			return feePaid(r, action.payload, ctx);
	}
}
