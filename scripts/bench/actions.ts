import { Action } from '../../src/lib/domain/actions';
import { demoIntake } from '../../src/lib/server/seed';
import type { WireAction } from '../../src/lib/sync/contract';

/** A walk-in intake like the demo seed's (unassigned, so no station capacity limits the size). */
export function intakeAction(i: number): Action {
	return Action.parse(demoIntake(i, null));
}

export function toWire(
	action: Action,
	rev: number,
	reservationId: string,
	actorUid = 'staff-sam'
): WireAction {
	return {
		...action,
		queueRevision: rev,
		actorUid,
		reservationId,
		baseVersion: 0,
		createdAt: new Date().toISOString()
	} as WireAction;
}
