import type { Action, RecordAction } from './actions';
import type { ApplyContext } from './context';
import { noEffects, type Effects } from './effects';
import { createReservation } from './intake';
import { notify } from './messages';
import { fail, type Failure } from './outcome';
import type { Reservation } from './reservation';
import { changeStatus } from './status-change';
import { touch, withHistory } from './history';
import { appendNote, MAX_STAFF_NOTES } from './notes';
import { applyOperation } from './operations';
import { foldQueueHints, sameRankInputs, touchedStations } from './queue-hints';
import type { Step } from './step';

export interface Applied {
	ok: true;
	/** The record after the action (unchanged when `noop`). */
	reservation: Reservation;
	/** A second record the action created (reactivation). */
	created: Reservation | null;
	/** Re-sending the same thing changed nothing. */
	noop: boolean;
	effects: Effects;
	/** Other cards on the touched station(s) whose queue position / ETA band this action moved,
	 *  with the new hint (versions NOT bumped: the server bumps and writes them). */
	peers: Reservation[];
}
export type ApplyResult = Applied | Failure;

type ReservationAction = Exclude<Action, RecordAction>;

/**
 * Applies one staff intent to a reservation. Pure: the server commits the result, the kiosk
 * shows it optimistically. `current` is null only for intake.
 */
export function applyAction(
	current: Reservation | null,
	action: ReservationAction,
	reservationId: string,
	ctx: ApplyContext
): ApplyResult {
	const effects = noEffects();
	if (action.type === 'reservation.intake') {
		if (current)
			return { ok: true, reservation: current, created: null, noop: true, effects, peers: [] };
		const made = createReservation(reservationId, action.payload, ctx);
		if (!made.ok) return made;
		effects.notifications.push(notify('request_received', made.reservation, ctx));
		return withHints(null, made.reservation, null, effects, ctx);
	}
	if (!current) return fail('not_found', 'This reservation does not exist on the server.');
	const out = applyToExisting(current, action, ctx, effects);
	if (!out.ok) return out;
	if (out.noop)
		return {
			ok: true,
			reservation: current,
			created: null,
			noop: true,
			effects: noEffects(),
			peers: []
		};
	const next = { ...out.reservation, version: current.version + 1 };
	return withHints(current, next, out.created ?? null, effects, ctx);
}

/** Folds the queue position / ETA band in, for the acted card(s) and their station peers. */
function withHints(
	before: Reservation | null,
	next: Reservation,
	created: Reservation | null,
	effects: Effects,
	ctx: ApplyContext
): Applied {
	// Nothing the running order reads changed: no station scan, the card keeps its stored hint.
	if (before && !created && sameRankInputs(before, next))
		return { ok: true, reservation: next, created: null, noop: false, effects, peers: [] };
	const acted = created ? [next, created] : [next];
	const stations = touchedStations(before, next, created);
	const hinted = foldQueueHints(acted, stations, ctx.stationPeers, ctx.now);
	return {
		ok: true,
		reservation: hinted.acted[0],
		created: created ? hinted.acted[1] : null,
		noop: false,
		effects,
		peers: hinted.peers
	};
}

function applyToExisting(
	r: Reservation,
	action: Exclude<ReservationAction, { type: 'reservation.intake' }>,
	ctx: ApplyContext,
	effects: Effects
): Step {
	switch (action.type) {
		case 'reservation.status':
			return changeStatus(r, action.payload, ctx, effects);
		case 'reservation.note': {
			if (!action.payload.staffNotes) return { ok: true, reservation: r, noop: true };
			if (r.staffNotes.length >= MAX_STAFF_NOTES)
				return fail('conflict', `This card already holds ${MAX_STAFF_NOTES} staff notes.`);
			const next = withHistory(
				appendNote(r, action.payload.staffNotes, action.type, ctx),
				{ reason: 'staff_note_added', notes: action.payload.staffNotes, updatesStage: false },
				ctx
			);
			return { ok: true, reservation: touch(next, ['notes'], ctx) };
		}
		default:
			return applyOperation(r, action, ctx, effects);
	}
}
