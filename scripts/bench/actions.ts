import { Action } from '../../src/lib/domain/actions';
import { DEMO_CUSTOMERS } from '../../src/lib/server/seed';
import type { WireAction } from '../../src/lib/sync/contract';

const PIECES = ['Mug', 'Bowl', 'Vase', 'Plate', 'Planter', 'Teapot', 'Jar', 'Tile set'];
const FIRINGS = ['bisque', 'glaze', 'other'] as const;

/** A walk-in intake like the demo seed's (unassigned, so no station capacity limits the size). */
export function intakeAction(i: number): Action {
	const [ownerUid, customerName] = DEMO_CUSTOMERS[i % DEMO_CUSTOMERS.length];
	return Action.parse({
		type: 'reservation.intake',
		payload: {
			ownerUid,
			customerName,
			firingType: FIRINGS[i % 3],
			intakeMode: 'SHELF_PURCHASE',
			shelfEquivalent: 0.5,
			estimatedHalfShelves: null,
			addOns: { rushRequested: i % 11 === 0 },
			preferredWindow: { earliestDate: null, latestDate: null },
			notesGeneral: i % 5 === 0 ? 'Customer asked for cone 6 glaze firing if possible.' : null,
			pieces: Array.from({ length: 1 + (i % 3) }, (_, k) => ({
				pieceLabel: PIECES[(i + k) % PIECES.length],
				pieceCount: 1 + ((i + k) % 4)
			})),
			assignedStationId: null
		}
	});
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
