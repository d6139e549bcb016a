import type { Action } from './actions';
import type { ApplyContext } from './context';
import type { Effects, FairnessEvidence } from './effects';
import { computeFairnessPolicy } from './fairness';
import { touch, withHistory } from './history';
import { appendNote } from './notes';
import { fail } from './outcome';
import type { QueueFairness, Reservation } from './reservation';
import { applied, unchanged, type Step } from './step';

type Payload = Extract<Action, { type: 'reservation.queue_fairness' }>['payload'];

const REASON: Record<Payload['action'], string> = {
	record_no_show: 'queue_fairness_no_show_recorded',
	record_late_arrival: 'queue_fairness_late_arrival_recorded',
	set_override_boost: 'queue_fairness_override_set',
	clear_override: 'queue_fairness_override_cleared'
};

/** Evidence id from the request, so a replayed action names the same evidence row. */
export const fairnessEvidenceId = (requestId: string, reservationId: string) =>
	`fairness:${requestId}:${reservationId}`;

function evidenceProblem(r: Reservation, evidence: string): string | null {
	if (evidence === 'pickup_miss' && !(r.pickupWindow && r.pickupWindow.missedCount > 0))
		return 'No missed pickup is recorded on this card.';
	if (evidence === 'arrival_record' && r.arrivalStatus === null)
		return 'No arrival record exists on this card (no arrival code issued yet).';
	return null;
}

function nextFairness(f: QueueFairness, p: Payload, ctx: ApplyContext): QueueFairness | string {
	switch (p.action) {
		case 'record_no_show':
			return { ...f, noShowCount: f.noShowCount + 1 };
		case 'record_late_arrival':
			return { ...f, lateArrivalCount: f.lateArrivalCount + 1 };
		case 'set_override_boost':
			if (p.overrideUntil !== null && p.overrideUntil <= ctx.now)
				return 'The override expiry must be in the future.';
			return {
				...f,
				overrideBoost: p.boostPoints,
				overrideReason: p.reason,
				overrideUntil: p.overrideUntil
			};
		case 'clear_override':
			return { ...f, overrideBoost: 0, overrideReason: null, overrideUntil: null };
	}
}

/** No-show / late penalties and staff override boosts, each with an evidence row. */
export function queueFairnessAction(
	r: Reservation,
	p: Payload,
	ctx: ApplyContext,
	effects: Effects
): Step {
	if (r.status === 'CANCELLED')
		return fail('conflict', 'This reservation is cancelled; fairness actions do not apply.');
	if ('evidence' in p) {
		const problem = evidenceProblem(r, p.evidence);
		if (problem) return fail('invalid', problem, { evidence: p.evidence });
	}
	if (p.action === 'clear_override' && r.queueFairness.overrideBoost === 0) return unchanged(r);
	const changed = nextFairness(r.queueFairness, p, ctx);
	if (typeof changed === 'string') return fail('invalid', changed);
	const evidenceId = fairnessEvidenceId(ctx.requestId, r.id);
	const queueFairness: QueueFairness = {
		...changed,
		updatedAt: ctx.now,
		updatedByUid: ctx.actor.uid,
		lastPolicyNote: p.reason,
		lastEvidenceId: evidenceId
	};
	const queueFairnessPolicy = computeFairnessPolicy(queueFairness, ctx.now);
	const next = withHistory(
		appendNote(
			{ ...r, queueFairness, queueFairnessPolicy },
			`[fairness:${p.action}] ${p.reason}`,
			`fairness:${p.action}`,
			ctx
		),
		{ reason: REASON[p.action], notes: p.reason, updatesStage: false },
		ctx
	);
	const row: FairnessEvidence = {
		evidenceId,
		reservationId: r.id,
		ownerUid: r.ownerUid,
		action: p.action,
		reason: p.reason,
		evidence: 'evidence' in p ? p.evidence : null,
		actorUid: ctx.actor.uid,
		actorRole: ctx.actor.role,
		requestId: ctx.requestId,
		createdAt: ctx.now,
		queueFairness,
		queueFairnessPolicy,
		previousQueueFairness: r.queueFairness
	};
	effects.fairnessAudit.push(row);
	return applied(touch(next, ['fairness', 'notes'], ctx));
}
