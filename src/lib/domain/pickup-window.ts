import type { Action } from './actions';
import type { ApplyContext } from './context';
import type { Effects } from './effects';
import { touch, withHistory } from './history';
import { notify } from './messages';
import { fail } from './outcome';
import type { FieldGroup, PickupWindow, Reservation } from './reservation';
import { actorHasRole } from './roles';
import { applied, unchanged, type Step } from './step';
import { settleStorage } from './storage';
import { storageEvent } from './storage-notice';

type Payload = Extract<Action, { type: 'reservation.pickup_window' }>['payload'];

const EMPTY: PickupWindow = {
	status: 'open',
	confirmedStart: null,
	confirmedEnd: null,
	confirmedAt: null,
	completedAt: null,
	missedCount: 0,
	lastMissedAt: null
};

/** Staff pickup-window actions: open a window, mark it missed, mark the work picked up. */
export function pickupWindowAction(
	r: Reservation,
	p: Payload,
	ctx: ApplyContext,
	effects: Effects
): Step {
	const force = p.action === 'staff_set_open_window' && p.force;
	if (force && !actorHasRole(ctx.actor.role, 'supervisor'))
		return fail(
			'permission',
			'Only a supervisor can force a pickup window on work not yet loaded.'
		);
	if (r.status === 'CANCELLED')
		return fail('conflict', 'This reservation is cancelled; it has no pickup window.');
	const w = r.pickupWindow ?? EMPTY;
	if (p.action === 'staff_mark_completed' && w.status === 'completed') return unchanged(r);
	if (r.loadStatus !== 'loaded' && !force)
		return fail('conflict', 'The work must be loaded before pickup window actions.', {
			loadStatus: r.loadStatus
		});
	if (w.status === 'completed')
		return fail('conflict', 'This work was already picked up.', { completedAt: w.completedAt });
	switch (p.action) {
		case 'staff_set_open_window':
			return openWindow(r, w, p, ctx, effects);
		case 'staff_mark_missed':
			return markMissed(r, w, p.note, ctx, effects);
		case 'staff_mark_completed':
			return markCompleted(r, w, p.note, ctx, effects);
	}
}

function openWindow(
	r: Reservation,
	w: PickupWindow,
	p: Extract<Payload, { action: 'staff_set_open_window' }>,
	ctx: ApplyContext,
	effects: Effects
): Step {
	if (p.confirmedEnd <= p.confirmedStart)
		return fail('invalid', 'The pickup window must end after it starts.');
	if (
		w.status === 'open' &&
		w.confirmedStart === p.confirmedStart &&
		w.confirmedEnd === p.confirmedEnd
	)
		return unchanged(r);
	const window: PickupWindow = {
		...w,
		status: 'open',
		confirmedStart: p.confirmedStart,
		confirmedEnd: p.confirmedEnd,
		confirmedAt: null,
		completedAt: null
	};
	return finish(r, window, 'pickup_window_opened', p.note, ctx, effects, {
		detail: `Pickup window open until ${p.confirmedEnd}.`
	});
}

function markMissed(
	r: Reservation,
	w: PickupWindow,
	note: string | null,
	ctx: ApplyContext,
	effects: Effects
): Step {
	if (w.status === 'missed') return unchanged(r);
	if (!w.confirmedEnd || w.confirmedEnd > ctx.now)
		return fail('conflict', 'The pickup window has not ended yet; it cannot be marked missed.', {
			confirmedEnd: w.confirmedEnd
		});
	const window: PickupWindow = {
		...w,
		status: 'missed',
		confirmedAt: null,
		missedCount: w.missedCount + 1,
		lastMissedAt: ctx.now
	};
	return finish(r, window, 'pickup_window_missed', note, ctx, effects, {
		detail: 'Pickup window missed; the storage clock and billing keep running from the ready date.',
		audit: 'pickup_window_missed'
	});
}

function markCompleted(
	r: Reservation,
	w: PickupWindow,
	note: string | null,
	ctx: ApplyContext,
	effects: Effects
): Step {
	const window: PickupWindow = {
		...w,
		status: 'completed',
		completedAt: ctx.now,
		confirmedAt: w.confirmedAt ?? ctx.now
	};
	const settled = settleStorage(r, ctx.now, ctx.timeZone, ctx.requestId);
	if (settled.audit) effects.storageAudit.push(settled.audit);
	const done: Reservation = {
		...settled.reservation,
		crateDwellMs: r.arrivedAt ? Date.parse(ctx.now) - Date.parse(r.arrivedAt) : null,
		crateCheckedOutAt: ctx.now,
		pieces: r.pieces.map((x) => ({ ...x, pieceStatus: 'picked_up' }))
	};
	return finish(done, window, 'pickup_window_completed', note, ctx, effects, {
		detail: 'Work picked up; storage billing stops.',
		audit: 'pickup_completed',
		pickedUp: true,
		groups: ['pickup', 'storage']
	});
}

function finish(
	r: Reservation,
	window: PickupWindow,
	reason: string,
	note: string | null,
	ctx: ApplyContext,
	effects: Effects,
	o: { detail: string; audit?: string; pickedUp?: boolean; groups?: FieldGroup[] }
): Step {
	let next = withHistory(
		{ ...r, pickupWindow: window },
		{ reason, notes: note, updatesStage: o.pickedUp === true, pickedUp: o.pickedUp },
		ctx
	);
	const ev = storageEvent(
		next,
		{ kind: reason, detail: o.detail, auditAction: o.audit ?? reason },
		ctx.now,
		ctx.requestId
	);
	next = ev.reservation;
	if (o.audit) effects.storageAudit.push(ev.audit);
	effects.notifications.push(notify('pickup_window', next, ctx));
	return applied(touch(next, o.groups ?? ['pickup'], ctx));
}
