import type { ApplyContext } from './context';
import { touch, withHistory } from './history';
import { fail } from './outcome';
import type { Reservation } from './reservation';
import { applied, unchanged, type Step } from './step';

/** A safety / kiln-fit hold takes work out of the running order until released. */
export function safetyHold(
	r: Reservation,
	p: { hold: boolean; reason: string },
	ctx: ApplyContext
): Step {
	if (p.hold && r.status === 'CANCELLED')
		return fail('conflict', 'This reservation is cancelled; it cannot be put on hold.');
	if (p.hold === (r.safetyHold !== null)) return unchanged(r);
	const next = withHistory(
		{ ...r, safetyHold: p.hold ? { reason: p.reason, at: ctx.now, byUid: ctx.actor.uid } : null },
		{
			reason: p.hold ? 'safety_hold_set' : 'safety_hold_released',
			notes: p.reason,
			updatesStage: false
		},
		ctx
	);
	return applied(touch(next, ['hold'], ctx));
}
