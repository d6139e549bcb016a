import type { Action } from './actions';
import { arrivalCodeMatches, issueArrivalCode } from './arrival-code';
import type { ApplyContext } from './context';
import { touch, withHistory } from './history';
import { fail } from './outcome';
import type { Reservation } from './reservation';
import { applied, unchanged, type Step } from './step';

type Payload = Extract<Action, { type: 'reservation.arrival' }>['payload'];

/** Check-in at drop-off (by the customer's code or from the card) and code reissue. */
export function arrivalAction(r: Reservation, p: Payload, ctx: ApplyContext): Step {
	if (r.status !== 'CONFIRMED')
		return fail(
			'conflict',
			r.status === 'CANCELLED'
				? 'This reservation is cancelled; there is nothing to check in.'
				: 'Only confirmed reservations have an arrival code; confirm it first.',
			{ status: r.status }
		);
	if (p.action === 'reissue_code') {
		const next = withHistory(
			issueArrivalCode(r, ctx),
			{ reason: 'arrival_token_rotated', notes: null, updatesStage: false },
			ctx
		);
		return applied(touch(next, ['arrival'], ctx));
	}
	if (p.code !== null) {
		if (!arrivalCodeMatches(p.code, r.arrivalToken))
			return fail('invalid', 'That arrival code does not match this reservation.');
		if (r.arrivalTokenExpiresAt && r.arrivalTokenExpiresAt < ctx.now)
			return fail(
				'invalid',
				'That arrival code has expired; reissue a new code or check in from the card.',
				{
					expiredAt: r.arrivalTokenExpiresAt
				}
			);
	}
	if (r.arrivalStatus === 'arrived') return unchanged(r);
	const next = withHistory(
		{ ...r, arrivalStatus: 'arrived', arrivedAt: ctx.now },
		{
			reason: p.code !== null ? 'arrival_token_checkin' : 'arrival_checkin',
			notes: p.note,
			updatesStage: false
		},
		ctx
	);
	return applied(touch(next, ['arrival'], ctx));
}
