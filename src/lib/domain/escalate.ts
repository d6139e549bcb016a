import type { ApplyContext } from './context';
import type { Effects } from './effects';
import { touch, withHistory } from './history';
import { notify } from './messages';
import { appendNote, latestNote } from './notes';
import { promiseCurrent } from './queue';
import { fail } from './outcome';
import type { Reservation } from './reservation';
import { applied, type Step } from './step';

/**
 * Staff escalate a delay: a new staff note entry, the reason (it becomes the customer's "what
 * changed" line) and the `delayed` message naming the current ETA band.
 */
export function escalate(
	r: Reservation,
	p: { staffNotes: string; reason: string },
	ctx: ApplyContext,
	effects: Effects
): Step {
	if (r.status === 'CANCELLED')
		return fail('conflict', 'This reservation is cancelled; there is no delay to escalate.');
	if (p.staffNotes.trim() === latestNote(r))
		return fail('invalid', 'Escalating needs a new staff note saying what changed.');
	const next = withHistory(
		// The band in the message is now what the customer was told (escalation flags compare to it).
		{
			...appendNote(r, p.staffNotes, 'reservation.escalate', ctx),
			estimatedWindow: promiseCurrent(r.estimatedWindow)
		},
		{ reason: 'eta_escalated', notes: p.reason, updatesStage: false },
		ctx
	);
	effects.notifications.push(notify('delayed', next, ctx));
	return applied(touch(next, ['notes'], ctx));
}
