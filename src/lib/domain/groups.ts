import type { ActionType } from './actions';
import type { FieldGroup } from './reservation';

/**
 * For every action: the field groups it may write, and those it was decided on. The server
 * refuses an action as `stale` when ANOTHER device changed one of its `dependsOn` groups after
 * the action's baseVersion (`staleGroups`). A group an action overwrites must be in its
 * `dependsOn`, or it could silently replace another kiosk's change; only append-only groups
 * (`APPEND_ONLY_GROUPS`) and groups an action `settles` from the current record may be written
 * without depending on them. groups.test.ts proves both
 * over every action type.
 */
export const ACTION_GROUPS: Record<
	ActionType,
	{
		writes: readonly FieldGroup[];
		dependsOn: readonly FieldGroup[];
		/** Written groups recomputed from the server's CURRENT record at apply time (never from the
		 *  kiosk's copy), so another device's change there is folded in, not replaced. */
		settles?: readonly FieldGroup[];
	}
> = {
	'reservation.intake': { writes: [], dependsOn: [] },
	'reservation.status': { writes: ['status', 'notes'], dependsOn: ['status'] },
	'reservation.note': { writes: ['notes'], dependsOn: [] },
	// The fee is priced from the server's current record, and only when it has none yet.
	'reservation.load': {
		writes: ['load', 'pickup', 'storage', 'fee'],
		dependsOn: ['status', 'load', 'pickup', 'storage'],
		settles: ['fee']
	},
	'reservation.assign_station': { writes: ['station'], dependsOn: ['status', 'station'] },
	// Completing a pickup settles storage from whatever the evaluator last wrote (billed days to
	// the checkout time): depending on `storage` would make every reminder turn it stale.
	'reservation.pickup_window': {
		writes: ['pickup', 'storage'],
		dependsOn: ['status', 'load', 'pickup'],
		settles: ['storage']
	},
	'reservation.queue_fairness': {
		writes: ['fairness', 'notes'],
		dependsOn: ['status', 'fairness']
	},
	'reservation.arrival': { writes: ['arrival'], dependsOn: ['status', 'arrival'] },
	'reservation.safety_hold': { writes: ['hold'], dependsOn: ['status', 'hold'] },
	'reservation.escalate': { writes: ['notes'], dependsOn: ['status'] },
	'reservation.reactivate': { writes: ['status'], dependsOn: ['status'] },
	// What was paid is recorded as an amount, so storage accrued meanwhile stays due instead of
	// making the mark stale.
	'reservation.fee_paid': { writes: ['fee'], dependsOn: ['fee'] },
	'station.availability': { writes: [], dependsOn: [] },
	// A firing records what physically happened: never stale. Each step settles the cards' load
	// from the server's CURRENT copy through the card's own load rule (domain/firings.ts).
	'firing.create': { writes: [], dependsOn: [] },
	'firing.step': {
		writes: ['load', 'pickup', 'storage'],
		dependsOn: [],
		settles: ['load', 'pickup', 'storage']
	},
	'station.element_change': { writes: [], dependsOn: [] }
};

/** Groups that are only ever appended to (staff notes are a list of entries), never replaced. */
export const APPEND_ONLY_GROUPS: readonly FieldGroup[] = ['notes'];

/**
 * The stale rule: of the groups other devices changed after the action's baseVersion (the
 * server reads them from its change log), those this action depends on. Empty = not stale.
 */
export function staleGroups(type: ActionType, changedByOthers: Iterable<string>): FieldGroup[] {
	const wanted = ACTION_GROUPS[type].dependsOn;
	const hit = new Set<FieldGroup>();
	for (const g of changedByOthers) if (wanted.includes(g as FieldGroup)) hit.add(g as FieldGroup);
	return [...hit].sort();
}
