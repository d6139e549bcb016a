import type { ApplyContext } from './context';
import type { Effects } from './effects';
import { withHistory, touch } from './history';
import { notify } from './messages';
import { appendNote } from './notes';
import { fail, type Failure } from './outcome';
import type { Reservation, ReservationStatus, WaitlistExpectation } from './reservation';
import { canTransition } from './status';
import { issueArrivalCode } from './arrival-code';
import { actorHasRole } from './roles';
import { roomRefusal } from './assign-station';
import { endOfDay } from './time-zone';

/** Shortest written reason for a cancellation (rules' shared reason minimum, when it lands, replaces this). */
export const CANCEL_REASON_MIN = 3;

export interface StatusPayload {
	status: ReservationStatus;
	staffNotes: string | null;
	expectation: WaitlistExpectation | null;
	/** Admin-only way out of CANCELLED, with a written reason. */
	override?: { reason: string } | null;
}

const OVERRIDE_TARGETS: readonly ReservationStatus[] = ['REQUESTED', 'CONFIRMED'];

export function changeStatus(
	r: Reservation,
	p: StatusPayload,
	ctx: ApplyContext,
	effects: Effects
): { ok: true; reservation: Reservation } | Failure {
	if (p.override) return adminOverride(r, { ...p, override: p.override }, ctx, effects);
	if (!canTransition(r.status, p.status)) {
		const why =
			r.status === 'CANCELLED'
				? 'Cancelled reservations are final; create a new reservation linked to this one instead.'
				: p.status === 'REQUESTED'
					? 'A reservation never goes back to Requested.'
					: `A ${r.status.toLowerCase()} reservation cannot become ${p.status.toLowerCase()}.`;
		return fail('conflict', why, { from: r.status, to: p.status });
	}
	const same = r.status === p.status;
	if (same && !p.staffNotes) {
		return fail('invalid', 'Keeping the same status needs a note saying why.');
	}
	if (p.status === 'WAITLISTED' && !same && !p.expectation) {
		return fail(
			'invalid',
			'Waitlisting needs a practical expectation: a target window, or TBD with a reason.'
		);
	}
	if (p.expectation?.kind === 'window' && p.expectation.targetStart > p.expectation.targetEnd) {
		return fail('invalid', 'The target window ends before it starts.');
	}
	// The customer is sent this window: one that is already over (its last studio day has
	// ended) would be a promise about the past.
	if (
		p.status === 'WAITLISTED' &&
		p.expectation?.kind === 'window' &&
		endOfDay(p.expectation.targetEnd, ctx.timeZone) < ctx.now
	) {
		return fail('invalid', 'The target window is already over; give dates from today on.', {
			targetEnd: p.expectation.targetEnd
		});
	}
	// Cancelling messages the customer, so staff must say why (the note is the reason).
	if (p.status === 'CANCELLED' && !same && (p.staffNotes?.trim().length ?? 0) < CANCEL_REASON_MIN) {
		return fail(
			'invalid',
			`Cancelling needs a written reason (at least ${CANCEL_REASON_MIN} characters) in the note.`
		);
	}
	const next = withHistory(
		r,
		{ status: p.status, reason: `status:${r.status}->${p.status}`, notes: p.staffNotes },
		ctx
	);
	return settle(r, next, p, ctx, effects);
}

/** Writes the fields and message that follow a status move (ordinary or overridden). */
function settle(
	r: Reservation,
	moved: Reservation,
	p: StatusPayload,
	ctx: ApplyContext,
	effects: Effects
): { ok: true; reservation: Reservation } {
	const same = r.status === p.status;
	let next = moved;
	next = appendNote(next, p.staffNotes, 'reservation.status', ctx);
	if (p.status === 'WAITLISTED' && p.expectation)
		next = { ...next, waitlistExpectation: p.expectation };
	if (p.status !== 'WAITLISTED') next = { ...next, waitlistExpectation: null };
	if (p.status === 'CONFIRMED' && (r.status !== 'CONFIRMED' || !r.arrivalToken)) {
		next = issueArrivalCode(next, ctx);
	}
	if (p.status === 'CANCELLED') next = { ...next, queuePositionHint: null };
	next = touch(next, p.staffNotes ? ['status', 'notes'] : ['status'], ctx);
	if (!same) {
		const kind =
			p.status === 'CONFIRMED'
				? 'confirmed'
				: p.status === 'WAITLISTED'
					? 'waitlisted'
					: p.status === 'REQUESTED'
						? 'request_received'
						: 'cancelled';
		effects.notifications.push(notify(kind, next, ctx));
	}
	return { ok: true, reservation: next };
}

/** CANCELLED → REQUESTED/CONFIRMED by an admin, audited with the reason in the history row. */
function adminOverride(
	r: Reservation,
	p: StatusPayload & { override: { reason: string } },
	ctx: ApplyContext,
	effects: Effects
): { ok: true; reservation: Reservation } | Failure {
	if (!actorHasRole(ctx.actor.role, 'admin'))
		return fail('permission', 'Only an admin can override a cancellation.');
	if (r.status !== 'CANCELLED' || !OVERRIDE_TARGETS.includes(p.status))
		return fail(
			'invalid',
			'An override only reopens a cancelled reservation as Requested or Confirmed.',
			{
				from: r.status,
				to: p.status
			}
		);
	// Reopened work occupies its station again; it must still fit (others may have filled it).
	const station = ctx.stations.find((s) => s.id === r.assignedStationId);
	const full = station && !r.isArchived ? roomRefusal(r, station, ctx) : null;
	if (full) return full;
	const notes = p.staffNotes ? `${p.override.reason} — ${p.staffNotes}` : p.override.reason;
	const next = withHistory(
		r,
		{ status: p.status, reason: `admin_override:${r.status}->${p.status}`, notes },
		ctx
	);
	return settle(r, next, p, ctx, effects);
}
