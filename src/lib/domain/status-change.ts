import type { ApplyContext } from './context';
import type { Effects } from './effects';
import { withHistory, touch } from './history';
import { notify } from './messages';
import { fail, type Failure } from './outcome';
import type { Reservation, ReservationStatus, WaitlistExpectation } from './reservation';
import { canTransition } from './status';
import { issueArrivalCode } from './arrival-code';

export interface StatusPayload {
	status: ReservationStatus;
	staffNotes: string | null;
	expectation: WaitlistExpectation | null;
}

export function changeStatus(
	r: Reservation,
	p: StatusPayload,
	ctx: ApplyContext,
	effects: Effects
): { ok: true; reservation: Reservation } | Failure {
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
	let next = withHistory(
		r,
		{ status: p.status, reason: `status:${r.status}->${p.status}`, notes: p.staffNotes },
		ctx
	);
	if (p.staffNotes) next = { ...next, staffNotes: p.staffNotes };
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
					: 'cancelled';
		effects.notifications.push(notify(kind, next, ctx));
	}
	return { ok: true, reservation: next };
}
