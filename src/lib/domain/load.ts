import type { ApplyContext } from './context';
import type { Effects } from './effects';
import { computeFee } from './fees';
import { touch, withHistory } from './history';
import { notify } from './messages';
import { fail, type Failure } from './outcome';
import type { FieldGroup, LoadStatus, Piece, Reservation } from './reservation';
import { applied, unchanged, type Step } from './step';
import { DEFAULT_PICKUP_WINDOW_DAYS, seedBilling } from './storage-policy';
import { storageEvent } from './storage-notice';
import { addDays, endOfDay } from './time-zone';

const FORWARD: Record<LoadStatus, readonly LoadStatus[]> = {
	queued: ['loading', 'loaded'],
	loading: ['loaded'],
	loaded: []
};

const REASON: Record<LoadStatus, string> = {
	loading: 'reservation_loading_start',
	loaded: 'reservation_loaded',
	queued: 'reservation_load_corrected'
};

function piecesFor(pieces: Piece[], to: LoadStatus): Piece[] {
	if (to === 'loaded')
		return pieces.map((p) =>
			p.pieceStatus === 'awaiting_placement' ? { ...p, pieceStatus: 'loaded' } : p
		);
	if (to === 'queued')
		return pieces.map((p) =>
			p.pieceStatus === 'loaded' ? { ...p, pieceStatus: 'awaiting_placement' } : p
		);
	return pieces;
}

/**
 * queued → loading → loaded (queued → loaded is "Mark loaded"); loading/loaded → queued is a
 * correction that needs a reason. Only the FIRST arrival at loaded starts the pickup/storage clock.
 */
export function changeLoad(
	r: Reservation,
	p: { loadStatus: LoadStatus; reason: string | null },
	ctx: ApplyContext,
	effects: Effects
): Step {
	if (r.status === 'CANCELLED')
		return fail('conflict', 'Cancelled work is not loaded into a kiln.', { status: r.status });
	if (r.loadStatus === p.loadStatus) return unchanged(r);
	const correction = p.loadStatus === 'queued';
	if (correction && !p.reason)
		return fail('invalid', 'Returning work to the queue needs a written reason.');
	if (!correction) {
		if (!FORWARD[r.loadStatus].includes(p.loadStatus))
			return fail('conflict', `Work that is ${r.loadStatus} cannot move to ${p.loadStatus}.`, {
				from: r.loadStatus,
				to: p.loadStatus
			});
		if (r.status !== 'CONFIRMED')
			return fail('conflict', 'Only confirmed reservations are loaded; confirm it first.', {
				status: r.status
			});
		if (r.safetyHold)
			return fail('conflict', `This work is on a safety / kiln-fit hold: ${r.safetyHold.reason}.`);
		const refused = stationRefusal(r, ctx);
		if (refused) return refused;
	}
	let next = withHistory(
		{ ...r, pieces: piecesFor(r.pieces, p.loadStatus) },
		{ loadStatus: p.loadStatus, reason: REASON[p.loadStatus], notes: p.reason },
		ctx
	);
	const groups: FieldGroup[] = ['load'];
	if (p.loadStatus === 'loaded' && r.readyForPickupAt === null) {
		next = startPickupClock(next, ctx, effects);
		groups.push('pickup', 'storage');
		if (!next.fee && ctx.prices) {
			next = { ...next, fee: computeFee(next, ctx.prices, ctx.now) };
			groups.push('fee');
		}
	}
	return applied(touch(next, groups, ctx));
}

/** Loading is into a real kiln: the card needs an assigned station that is in service. */
function stationRefusal(r: Reservation, ctx: ApplyContext): Failure | null {
	if (!r.assignedStationId)
		return fail('conflict', 'Assign this work to a station before loading it.', {
			assignedStationId: null
		});
	const station = ctx.stations.find((s) => s.id === r.assignedStationId);
	if (!station)
		return fail('conflict', 'The assigned station no longer exists; assign another first.', {
			assignedStationId: r.assignedStationId
		});
	if (!station.available)
		return fail(
			'conflict',
			`${station.label} is out of service (${station.unavailableReason ?? 'no reason given'}); load it on another station.`,
			{ assignedStationId: station.id }
		);
	return null;
}

/** First time loaded: ready time, storage active, billing seeded, window open (to the end of the 14th studio day), one notice. */
function startPickupClock(r: Reservation, ctx: ApplyContext, effects: Effects): Reservation {
	const ready: Reservation = {
		...r,
		readyForPickupAt: ctx.now,
		storageStatus: 'active',
		storageBilling: seedBilling(r, ctx.now, ctx.timeZone),
		pickupReminderCount: 0,
		pickupWindow: {
			status: 'open',
			confirmedStart: ctx.now,
			// To the end of the studio day the customer is told ("collect it by Mon, Mar 16").
			confirmedEnd: endOfDay(
				addDays(ctx.now, DEFAULT_PICKUP_WINDOW_DAYS, ctx.timeZone),
				ctx.timeZone
			),
			confirmedAt: null,
			completedAt: null,
			missedCount: r.pickupWindow?.missedCount ?? 0,
			lastMissedAt: r.pickupWindow?.lastMissedAt ?? null
		}
	};
	const ev = storageEvent(
		ready,
		{
			kind: 'pickup_ready',
			detail: 'Work is ready for pickup; the storage clock starts now.',
			auditAction: 'pickup_ready',
			fromStatus: null,
			toStatus: 'active'
		},
		ctx.now,
		ctx.requestId
	);
	effects.storageAudit.push(ev.audit);
	effects.notifications.push(notify('ready_for_pickup', ev.reservation, ctx));
	return ev.reservation;
}
