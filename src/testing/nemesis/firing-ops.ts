import type { Action } from '../../lib/domain/actions';
import { stationUsed } from '../../lib/domain/capacity';
import type {
	Firing,
	FiringOutcome,
	FiringState,
	FiringStep
} from '../../lib/domain/firing-record';
import { isActiveFiring } from '../../lib/domain/firings';
import type { Reservation } from '../../lib/domain/reservation';
import { deriveFirings } from '../../lib/client/firing-view';
import { deriveBoard } from '../../lib/client/view';
import type { KioskView } from './steer';

/**
 * Firing ops of the nemesis: plan a firing on a kiln from the cards this kiosk sees there, and
 * take a firing's step. Both are whole-kiln actions (`reservationId: null`), resolved against the
 * kiosk's own optimistic view (the same `deriveBoard` + `deriveFirings` the Firings pages use).
 */
export type FiringOp =
	| {
			op: 'firing_plan';
			/** Index into the kiosk's stations; steered plans move on to the next kiln with work. */
			station: number;
			/** At most this many cards. */
			take: number;
	  }
	| {
			op: 'firing_step';
			/** Which of the kiosk's firings (modulo their number). */
			firing: number;
			/** Unsteered steps may name any step ('next' = the one after the current state). */
			step: FiringStep | 'next';
			/** At unload, the first member's outcome. */
			outcome: FiringOutcome;
	  };

const NEXT: Record<FiringState, FiringStep | null> = {
	planned: 'start_loading',
	loading: 'start_firing',
	firing: 'unload',
	unloaded: null
};

const OUTCOME_REASON = 'Glaze crawled on the rim.';

export interface FiringsSeen {
	firings: Firing[];
	cards: ReadonlyMap<string, Reservation>;
}

/** The kiosk's firings and cards as its Firings pages show them now. */
export function firingsSeen(view: KioskView, firings: readonly Firing[], now: string): FiringsSeen {
	const role = (uid: string) => view.roles.get(uid) ?? 'staff';
	const board = deriveBoard(view.reservations, view.outbox, view.stations, now, role);
	const out = deriveFirings({
		firings,
		cards: board.map((c) => c.reservation),
		outbox: [...view.outbox],
		stations: view.stations,
		now,
		timeZone: 'UTC',
		roleOf: role
	});
	return { firings: out.firings, cards: out.cards };
}

/**
 * The `firing.create` or `firing.step` for an op, or null when this kiosk has nothing to do it
 * on (no kiln with cards, no firing). Steered: only what the domain would accept from this view
 * (confirmed cards on the kiln in no active firing that fit it; a firing's next step). Unsteered:
 * the first cards on the named kiln whatever their state, any step of any firing.
 */
export function firingAction(
	op: FiringOp,
	seen: FiringsSeen,
	view: KioskView,
	steered: boolean,
	firingId: string,
	now: string
): Action | null {
	if (op.op === 'firing_plan') {
		const ids = steered ? eligiblePlan(op, seen, view) : anyPlan(op, seen, view);
		if (!ids) return null;
		return {
			type: 'firing.create',
			payload: {
				firingId: firingId,
				stationId: ids.stationId,
				firingType: 'glaze',
				targetCone: '04',
				programNotes: null,
				plannedDate: now,
				reservationIds: ids.reservationIds,
				notes: null
			}
		};
	}
	const list = steered ? seen.firings.filter(isActiveFiring) : seen.firings;
	if (!list.length) return null;
	const f = list[op.firing % list.length];
	const step = steered || op.step === 'next' ? NEXT[f.state] : op.step;
	if (!step) return null;
	const first = f.members[0].reservationId;
	return {
		type: 'firing.step',
		payload: {
			firingId: f.id,
			step,
			outcomes:
				step === 'unload' && op.outcome !== 'fired'
					? [{ reservationId: first, outcome: op.outcome, reason: OUTCOME_REASON }]
					: [],
			notes: null
		}
	};
}

type Plan = { stationId: string; reservationIds: string[] } | null;

const byId = (a: Reservation, b: Reservation) => a.id.localeCompare(b.id);

function eligiblePlan(
	op: Extract<FiringOp, { op: 'firing_plan' }>,
	seen: FiringsSeen,
	view: KioskView
): Plan {
	const busy = new Set(
		seen.firings.filter(isActiveFiring).flatMap((f) => f.members.map((m) => m.reservationId))
	);
	const cards = [...seen.cards.values()].sort(byId);
	const n = view.stations.length;
	for (let i = 0; i < n; i++) {
		const s = view.stations[(op.station + i) % n];
		const picked: Reservation[] = [];
		for (const r of cards) {
			if (picked.length >= op.take) break;
			if (r.assignedStationId !== s.id || r.status !== 'CONFIRMED' || busy.has(r.id)) continue;
			if (stationUsed([...picked, r]) <= s.capacityHalfShelves) picked.push(r);
		}
		if (picked.length) return { stationId: s.id, reservationIds: picked.map((r) => r.id) };
	}
	return null;
}

function anyPlan(
	op: Extract<FiringOp, { op: 'firing_plan' }>,
	seen: FiringsSeen,
	view: KioskView
): Plan {
	const s = view.stations[op.station % view.stations.length];
	if (!s) return null;
	const ids = [...seen.cards.values()]
		.filter((r) => r.assignedStationId === s.id)
		.sort(byId)
		.slice(0, op.take)
		.map((r) => r.id);
	return ids.length ? { stationId: s.id, reservationIds: ids } : null;
}
