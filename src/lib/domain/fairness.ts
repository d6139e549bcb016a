import type { Instant, QueueFairness, QueueFairnessPolicy, Reservation } from './reservation';

export const FAIRNESS_POLICY_VERSION = '2026-02-24.v1';
export const NO_SHOW_POINTS = 2;
export const LATE_ARRIVAL_POINTS = 1;

export const EMPTY_FAIRNESS: QueueFairness = {
	noShowCount: 0,
	lateArrivalCount: 0,
	overrideBoost: 0,
	overrideReason: null,
	overrideUntil: null,
	updatedAt: null,
	updatedByUid: null,
	lastPolicyNote: null,
	lastEvidenceId: null
};

/** Effective penalty = max(0, 2·no-shows + lates − active boost); an expired boost counts as 0. */
export function computeFairnessPolicy(f: QueueFairness, now: Instant): QueueFairnessPolicy {
	const penaltyPoints = NO_SHOW_POINTS * f.noShowCount + LATE_ARRIVAL_POINTS * f.lateArrivalCount;
	const boostActive = f.overrideBoost > 0 && (f.overrideUntil === null || f.overrideUntil >= now);
	const overrideBoostApplied = boostActive ? f.overrideBoost : 0;
	const reasonCodes: QueueFairnessPolicy['reasonCodes'] = [];
	if (f.noShowCount === 1) reasonCodes.push('no_show');
	if (f.noShowCount >= 2) reasonCodes.push('repeat_no_show');
	if (f.lateArrivalCount > 0) reasonCodes.push('late_arrival');
	if (boostActive) reasonCodes.push('staff_override_boost');
	return {
		noShowCount: f.noShowCount,
		lateArrivalCount: f.lateArrivalCount,
		penaltyPoints,
		effectivePenaltyPoints: Math.max(0, penaltyPoints - overrideBoostApplied),
		overrideBoostApplied,
		reasonCodes,
		policyVersion: FAIRNESS_POLICY_VERSION,
		computedAt: now
	};
}

/** The card's policy as it stands at `now` (recomputed on read: an expired boost counts 0). */
export function fairnessPolicyAt(r: Pick<Reservation, 'queueFairness'>, now: Instant) {
	return computeFairnessPolicy(r.queueFairness, now);
}

/** True when the stored policy no longer says what the rules give at `now` (a boost expired). */
export function fairnessPolicyStale(
	r: Pick<Reservation, 'queueFairness' | 'queueFairnessPolicy'>,
	now: Instant
): boolean {
	const fresh = fairnessPolicyAt(r, now);
	const stored = r.queueFairnessPolicy;
	// Field by field (a stored jsonb document may order its keys differently); computedAt aside.
	return (Object.keys(fresh) as (keyof QueueFairnessPolicy)[]).some(
		(k) => k !== 'computedAt' && JSON.stringify(fresh[k]) !== JSON.stringify(stored[k])
	);
}
