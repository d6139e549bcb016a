import type { ApplyContext } from './context';
import type { CustomerNotification, NotificationKind } from './effects';
import type { Reservation } from './reservation';

/** All customer-facing copy lives here; no machine reason code ever reaches a customer. */
export function formatDay(iso: string): string {
	const d = new Date(iso);
	return d.toLocaleDateString('en-US', {
		weekday: 'short',
		month: 'short',
		day: 'numeric',
		timeZone: 'UTC'
	});
}

export function etaLine(r: Reservation): string {
	const w = r.estimatedWindow;
	if (w?.currentStart && w.currentEnd) {
		return `Expected firing window: ${formatDay(w.currentStart)} – ${formatDay(w.currentEnd)}.`;
	}
	return 'Expected firing window: to be confirmed — we will send an update within 24 hours.';
}

function expectationLine(r: Reservation): string {
	const e = r.waitlistExpectation;
	if (!e) return 'We will tell you as soon as a kiln slot opens.';
	if (e.kind === 'window') {
		return `We expect to fire your work between ${formatDay(e.targetStart)} and ${formatDay(e.targetEnd)}.`;
	}
	return `The new date is not known yet: ${e.reason}. We will update you within 48 hours.`;
}

export function customerMessage(
	kind: NotificationKind,
	r: Reservation
): { title: string; body: string } {
	switch (kind) {
		case 'request_received':
			return {
				title: 'Your firing request is in the queue',
				body: `Thanks, ${r.customerName}. Your request is in the studio queue. ${etaLine(r)}`
			};
		case 'confirmed':
			return {
				title: 'Your firing is confirmed',
				body: `Your reservation is confirmed. ${etaLine(r)}${r.arrivalToken ? ` Show code ${r.arrivalToken} when you drop off your work.` : ''}`
			};
		case 'waitlisted':
			return {
				title: 'Your firing is on the waitlist',
				body: `The kiln schedule is full for now, so your reservation is on the waitlist. ${expectationLine(r)}`
			};
		case 'cancelled':
			return {
				title: 'Your reservation was cancelled',
				body: 'Your reservation has been cancelled. If this is unexpected, reply to this message or ask at the front desk and we will set up a new reservation for you.'
			};
		case 'delayed':
			return {
				title: 'Your firing is delayed',
				body: `What changed: ${r.staffNotes ?? 'the kiln schedule moved'}. ${etaLine(r)} What happens next: we keep your place in the queue and will send another update within 24 hours.`
			};
		case 'ready_for_pickup':
			return {
				title: 'Your work is ready for pickup',
				body: `Your fired work is ready. Next step: come to the studio during opening hours and give your name at the pickup shelf. Please collect it within 14 days; after 19.25 days storage is billed at $1.50 per half-shelf per day.`
			};
		case 'pickup_window':
			return {
				title: 'Your pickup window is open',
				body: r.pickupWindow?.confirmedEnd
					? `Please collect your work by ${formatDay(r.pickupWindow.confirmedEnd)}.`
					: 'Please collect your work at your earliest convenience.'
			};
		case 'storage_escalation': {
			const last = r.storageNoticeHistory.at(-1);
			return {
				title: 'Your work is still waiting at the studio',
				body: `Your work has been ready since ${r.readyForPickupAt ? formatDay(r.readyForPickupAt) : 'recently'}. Storage status: ${r.storageStatus ?? 'active'}. Notices sent: ${r.storageNoticeHistory.length}${last ? `, latest on ${formatDay(last.at)}` : ''}. To collect it, visit during opening hours or reply to arrange a pickup.`
			};
		}
	}
}

export function notify(
	kind: NotificationKind,
	r: Reservation,
	ctx: ApplyContext
): CustomerNotification {
	const { title, body } = customerMessage(kind, r);
	return {
		id: `ntf:${ctx.requestId}:${r.id}:${kind}`,
		ownerUid: r.ownerUid,
		reservationId: r.id,
		kind,
		title,
		body,
		createdAt: ctx.now,
		status: 'queued',
		readAt: null
	};
}
