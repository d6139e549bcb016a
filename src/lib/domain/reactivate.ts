import type { ApplyContext } from './context';
import type { Effects } from './effects';
import { touch, withHistory } from './history';
import { createReservation } from './intake';
import { notify } from './messages';
import { fail } from './outcome';
import type { Reservation } from './reservation';
import { applied, unchanged, type Step } from './step';

/**
 * Cancelled is final: reactivation creates a NEW requested reservation copying the details, linked
 * both ways. It starts unassigned (a station must pass the capacity check again) and keeps the
 * fairness counts (cancelling must not wash out no-shows).
 */
export function reactivate(
	r: Reservation,
	p: { newReservationId: string; reason: string },
	ctx: ApplyContext,
	effects: Effects
): Step {
	if (r.status !== 'CANCELLED')
		return fail('conflict', 'Only a cancelled reservation can be reactivated.', {
			status: r.status
		});
	if (r.linkedReservationId === p.newReservationId) return unchanged(r);
	if (r.linkedReservationId)
		return fail('conflict', `Already reactivated as ${r.linkedReservationId}.`, {
			linkedReservationId: r.linkedReservationId
		});
	if (p.newReservationId === r.id) return fail('invalid', 'The new reservation needs a new id.');
	const made = createReservation(
		p.newReservationId,
		{
			ownerUid: r.ownerUid,
			customerName: r.customerName,
			firingType: r.firingType,
			intakeMode: r.intakeMode,
			shelfEquivalent: r.shelfEquivalent,
			estimatedHalfShelves: r.estimatedHalfShelves,
			addOns: r.addOns,
			preferredWindow: r.preferredWindow,
			notesGeneral: r.notesGeneral,
			pieces: [],
			assignedStationId: null
		},
		ctx
	);
	if (!made.ok) return made;
	const base = made.reservation;
	// One history row on the new card: its creation, saying where it came from.
	const created: Reservation = {
		...base,
		footprintHalfShelves: r.footprintHalfShelves,
		tiers: r.tiers,
		photoUrl: r.photoUrl,
		pieces: r.pieces.map((x) => ({ ...x, pieceStatus: 'awaiting_placement' })),
		queueFairness: r.queueFairness,
		queueFairnessPolicy: r.queueFairnessPolicy,
		linkedReservationId: r.id,
		stageStatus: { ...base.stageStatus, reason: 'reactivated_from', notes: p.reason },
		stageHistory: base.stageHistory.map((h) => ({
			...h,
			reason: 'reactivated_from',
			notes: p.reason
		}))
	};
	const old = withHistory(
		{ ...r, linkedReservationId: created.id },
		{ reason: 'reactivation_requested', notes: p.reason, updatesStage: false },
		ctx
	);
	effects.notifications.push(notify('request_received', created, ctx));
	return applied(touch(old, ['status'], ctx), created);
}
