import { Action, type RecordAction } from './actions';
import { applyAction, type Applied } from './apply';
import { stationUsed } from './capacity';
import type { ApplyContext } from './context';
import type { FailureCode } from './outcome';
import { REQUIRED_ROLE } from './policy';
import type { ActorRole, Instant, Reservation } from './reservation';
import { actorHasRole } from './roles';
import type { Station } from './stations';
import { FALLBACK_TIME_ZONE } from './time-zone';

/**
 * What the kiosk may offer on a card. Nothing here restates a rule: every answer comes from
 * dry-running the real `applyAction` with a representative payload, plus the role table.
 */
export type OperationId =
	| 'status.confirm'
	| 'status.waitlist'
	| 'status.cancel'
	| 'note'
	| 'load.loading'
	| 'load.loaded'
	| 'load.queued'
	| 'station.assign'
	| 'pickup.open'
	| 'pickup.missed'
	| 'pickup.completed'
	| 'fairness.record_late_arrival'
	| 'fairness.record_no_show'
	| 'fairness.set_override_boost'
	| 'fairness.clear_override'
	| 'arrival.check_in'
	| 'arrival.reissue_code'
	| 'hold.toggle'
	| 'escalate'
	| 'reactivate'
	| 'failure.retry'
	/** Discarding a failure is always possible for a supervisor; listed so its control has an id. */
	| 'failure.discard';

export interface OperationOption {
	op: OperationId;
	enabled: boolean;
	reason: string | null;
}

export type Actor = { uid: string; role: ActorRole };
export type ReservationAction = Exclude<Action, RecordAction>;
export type Peers = (stationId: string) => readonly Reservation[];

/** Why a dry run refused: a domain failure code, or `noop` (it would change nothing). */
export type DryRunCode = FailureCode | 'noop';
export type DryRun =
	{ ok: true; applied: Applied } | { ok: false; code: DryRunCode; message: string };

const DRY_REQUEST = 'dry-run:0';
const SAMPLE_REASON = 'Dry run of this control';
const DAY = 86_400_000;

/** The context a dry run uses; `extra` carries fields later added to ApplyContext (zone, secret). */
export function dryRunContext(
	actor: Actor,
	stations: readonly Station[],
	peers: Peers,
	now: Instant,
	extra: Partial<ApplyContext> = {}
): ApplyContext {
	// A dry run never shows what `secret` makes; the zone must be the studio's (the kiosk passes it).
	return {
		now,
		actor,
		requestId: DRY_REQUEST,
		stations,
		stationPeers: peers,
		timeZone: FALLBACK_TIME_ZONE,
		secret: () => '0'.repeat(32),
		...extra
	};
}

const ROLE_WORD = { staff: 'staff member', supervisor: 'supervisor', admin: 'admin' } as const;

/**
 * Applies `action` to `current` without keeping the result: the role table first, then the
 * domain itself. An action that would change nothing counts as refused (`noop`).
 */
export function dryRun(
	current: Reservation | null,
	action: ReservationAction,
	reservationId: string,
	ctx: ApplyContext
): DryRun {
	const needed = REQUIRED_ROLE[action.type];
	if (!actorHasRole(ctx.actor.role, needed))
		return { ok: false, code: 'permission', message: `Only a ${ROLE_WORD[needed]} can do this.` };
	const out = applyAction(current, action, reservationId, ctx);
	if (!out.ok) return { ok: false, code: out.code, message: out.message };
	if (out.noop)
		return {
			ok: false,
			code: 'noop',
			message: 'Nothing would change: the card already shows this.'
		};
	return { ok: true, applied: out };
}

/**
 * Whether an action, as judged by a dry run, sends the customer a message: the messages are the
 * notifications `applyAction` creates (the server applies the same code), so this is the one
 * rule the kiosk asks before holding an action back for its undo window.
 */
export function messagesCustomer(run: { ok: true; applied: Applied } | { ok: false }): boolean {
	return run.ok && run.applied.effects.notifications.length > 0;
}

/** The representative payload each control is judged by (user-typed details are checked on submit). */
function sample(
	op: Exclude<OperationId, 'station.assign' | 'failure.retry' | 'failure.discard'>,
	r: Reservation,
	now: Instant
) {
	const later = new Date(Date.parse(now) + 7 * DAY).toISOString();
	const status = (s: 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED') => ({
		type: 'reservation.status',
		payload: {
			status: s,
			staffNotes: SAMPLE_REASON,
			expectation: s === 'WAITLISTED' ? { kind: 'tbd', reason: SAMPLE_REASON } : null
		}
	});
	const fairness = (action: string) => ({
		type: 'reservation.queue_fairness',
		payload:
			action === 'set_override_boost'
				? { action, reason: SAMPLE_REASON, boostPoints: 1, overrideUntil: null }
				: action === 'clear_override'
					? { action, reason: SAMPLE_REASON }
					: { action, reason: SAMPLE_REASON, evidence: 'staff_note' }
	});
	const inputs: Record<typeof op, unknown> = {
		'status.confirm': status('CONFIRMED'),
		'status.waitlist': status('WAITLISTED'),
		'status.cancel': status('CANCELLED'),
		note: {
			type: 'reservation.note',
			payload: { staffNotes: `${r.staffNotes ?? ''} ${SAMPLE_REASON}` }
		},
		'load.loading': { type: 'reservation.load', payload: { loadStatus: 'loading' } },
		'load.loaded': { type: 'reservation.load', payload: { loadStatus: 'loaded' } },
		'load.queued': {
			type: 'reservation.load',
			payload: { loadStatus: 'queued', reason: SAMPLE_REASON }
		},
		'pickup.open': {
			type: 'reservation.pickup_window',
			payload: {
				action: 'staff_set_open_window',
				confirmedStart: now,
				confirmedEnd: later,
				force: r.loadStatus !== 'loaded'
			}
		},
		'pickup.missed': {
			type: 'reservation.pickup_window',
			payload: { action: 'staff_mark_missed' }
		},
		'pickup.completed': {
			type: 'reservation.pickup_window',
			payload: { action: 'staff_mark_completed' }
		},
		'fairness.record_late_arrival': fairness('record_late_arrival'),
		'fairness.record_no_show': fairness('record_no_show'),
		'fairness.set_override_boost': fairness('set_override_boost'),
		'fairness.clear_override': fairness('clear_override'),
		'arrival.check_in': { type: 'reservation.arrival', payload: { action: 'check_in' } },
		'arrival.reissue_code': { type: 'reservation.arrival', payload: { action: 'reissue_code' } },
		'hold.toggle': {
			type: 'reservation.safety_hold',
			payload: { hold: !r.safetyHold, reason: SAMPLE_REASON }
		},
		escalate: {
			type: 'reservation.escalate',
			payload: { staffNotes: SAMPLE_REASON, reason: SAMPLE_REASON }
		},
		reactivate: {
			type: 'reservation.reactivate',
			payload: { newReservationId: `${r.id}-dry-run`, reason: SAMPLE_REASON }
		}
	};
	const parsed = Action.safeParse(inputs[op]);
	return parsed.success ? (parsed.data as ReservationAction) : null;
}

/** A sample that no longer fits the action schema: the control stays off rather than guess. */
const UNCHECKED: DryRun = {
	ok: false,
	code: 'invalid',
	message: 'This control could not be checked against the studio rules.'
};

const SAMPLED = [
	'status.confirm',
	'status.waitlist',
	'status.cancel',
	'note',
	'load.loading',
	'load.loaded',
	'load.queued',
	'pickup.open',
	'pickup.missed',
	'pickup.completed',
	'fairness.record_late_arrival',
	'fairness.record_no_show',
	'fairness.set_override_boost',
	'fairness.clear_override',
	'arrival.check_in',
	'arrival.reissue_code',
	'hold.toggle',
	'escalate',
	'reactivate'
] as const;

const option = (op: OperationId, run: DryRun): OperationOption =>
	run.ok ? { op, enabled: true, reason: null } : { op, enabled: false, reason: run.message };

/** Every control on a card, enabled only when the domain would accept it now. */
export function availableOperations(
	card: Reservation,
	actor: Actor,
	stations: readonly Station[],
	peers: Peers,
	now: Instant,
	extra: Partial<ApplyContext> = {}
): OperationOption[] {
	const ctx = dryRunContext(actor, stations, peers, now, extra);
	const out = SAMPLED.map((op) => judge(op, card, ctx));
	const choices = stationChoices(card, actor, stations, peers, now, extra);
	const any = choices.find((c) => c.enabled);
	out.push({
		op: 'station.assign',
		enabled: !!any,
		reason: any ? null : (choices[0]?.reason ?? 'This studio has no kiln stations.')
	});
	return out;
}

/**
 * One entry of `availableOperations`, judged alone (the board asks only for a card's next step,
 * so it need not dry-run every control of every card on each change).
 */
export function availableOperation(
	op: (typeof SAMPLED)[number],
	card: Reservation,
	actor: Actor,
	stations: readonly Station[],
	peers: Peers,
	now: Instant,
	extra: Partial<ApplyContext> = {}
): OperationOption {
	return judge(op, card, dryRunContext(actor, stations, peers, now, extra));
}

/** One sampled control, dry-run on the card (a sample the schema refuses stays unchecked). */
function judge(
	op: (typeof SAMPLED)[number],
	card: Reservation,
	ctx: ApplyContext
): OperationOption {
	const action = sample(op, card, ctx.now);
	return option(op, action ? dryRun(card, action, card.id, ctx) : UNCHECKED);
}

/** Looks one operation up in a list from `availableOperations`. */
export function operation(list: readonly OperationOption[], op: OperationId): OperationOption {
	return list.find((o) => o.op === op) ?? { op, enabled: false, reason: 'Not available.' };
}

export interface StationChoice {
	stationId: string;
	label: string;
	capacity: number;
	/** Half-shelves still free on the station, not counting this card's own work. */
	free: number;
	enabled: boolean;
	reason: string | null;
}

/** The station picker: each station judged by dry-running the assignment onto it. */
export function stationChoices(
	card: Reservation,
	actor: Actor,
	stations: readonly Station[],
	peers: Peers,
	now: Instant,
	extra: Partial<ApplyContext> = {}
): StationChoice[] {
	const ctx = dryRunContext(actor, stations, peers, now, extra);
	return stations.map((s) => {
		const action = Action.parse({
			type: 'reservation.assign_station',
			payload: { assignedStationId: s.id }
		}) as ReservationAction;
		const run = dryRun(card, action, card.id, ctx);
		return {
			stationId: s.id,
			label: s.label,
			capacity: s.capacityHalfShelves,
			free: Math.max(0, s.capacityHalfShelves - stationUsed(peers(s.id), card.id)),
			enabled: run.ok,
			reason: run.ok ? null : run.message
		};
	});
}

/** "Retry on current state": offered only when the same intent would succeed on `current` now. */
export function retryOption(
	action: ReservationAction,
	reservationId: string,
	current: Reservation | null,
	actor: Actor,
	stations: readonly Station[],
	peers: Peers,
	now: Instant,
	extra: Partial<ApplyContext> = {}
): OperationOption {
	const ctx = dryRunContext(actor, stations, peers, now, extra);
	return option('failure.retry', dryRun(current, action, reservationId, ctx));
}
