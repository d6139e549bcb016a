import type { ApplyContext } from './context';
import { feeSummary } from './fees';
import { touch, withHistory } from './history';
import { fail } from './outcome';
import type { Reservation } from './reservation';
import { applied, unchanged, type Step } from './step';

export type FeePaidPayload =
	{ action: 'mark_paid'; amountMinor: number } | { action: 'clear_paid'; reason: string };

/**
 * Staff record a payment taken outside Kilnboard (no payment is processed here): the amount
 * paid, who and when. Clearing the mark (a mistake at the desk) needs a reason.
 */
export function feePaid(r: Reservation, p: FeePaidPayload, ctx: ApplyContext): Step {
	const summary = feeSummary(r);
	if (!r.fee || !summary)
		return fail('conflict', 'This work has not been fired yet, so there is no fee to mark paid.');
	if (p.action === 'clear_paid') {
		if (r.fee.paidMinor === null) return unchanged(r);
		const next = withHistory(
			{ ...r, fee: { ...r.fee, paidMinor: null, paidAt: null, paidByUid: null } },
			{ reason: 'fee_paid_cleared', notes: p.reason, updatesStage: false },
			ctx
		);
		return applied(touch(next, ['fee'], ctx));
	}
	if (p.amountMinor > summary.totalMinor)
		return fail('conflict', 'The amount is more than this reservation owes.', {
			amountMinor: p.amountMinor,
			totalMinor: summary.totalMinor
		});
	if (r.fee.paidMinor === p.amountMinor) return unchanged(r);
	const next = withHistory(
		{
			...r,
			fee: { ...r.fee, paidMinor: p.amountMinor, paidAt: ctx.now, paidByUid: ctx.actor.uid }
		},
		{ reason: 'fee_marked_paid', notes: null, updatesStage: false },
		ctx
	);
	return applied(touch(next, ['fee'], ctx));
}
