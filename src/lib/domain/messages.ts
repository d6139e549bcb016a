import type { ApplyContext } from './context';
import { shortReference } from './reference';
import type { CustomerNotification, NotificationKind } from './effects';
import type { QueueContext, QueueTbdReason } from './queue-context';
import { HALF_SHELF_HELP } from './half-shelf-words';
import { halfShelves } from './half-shelves';
import { halfShelfText } from './pieces';
import type { Reservation, StorageStatus } from './reservation';
import { addMs, DAY_MS } from './step';
import { formatDay as formatDayInZone } from './time-zone';
import {
	DAILY_RATE_PER_HALF_SHELF,
	MAX_BILLED_DAYS,
	PREPAID_STORAGE_COST,
	PREPAID_WEEKS,
	seedBilling
} from './storage-policy';

/**
 * All customer-facing copy lives here; no machine reason code ever reaches a customer. Every
 * date is written in the studio's time zone (`tz`), whatever zone the server or kiosk runs in.
 */
export const formatDay = (iso: string, tz: string): string => formatDayInZone(iso, tz);

const money = (n: number) => `$${n.toFixed(2)}`;

/** Storage states in the customer's words. */
export const STORAGE_STATUS_WORDS: Record<StorageStatus, string> = {
	active: 'in free storage',
	reminder_pending: 'in free storage, pickup reminders sent',
	hold_pending: 'in billed storage',
	stored_by_policy: 'reclaimed by the studio',
	picked_up: 'collected'
};

/** The ETA band, or one stable TBD line (never a timestamp that changes per message). */
export function etaLine(r: Reservation, tz: string): string {
	const w = r.estimatedWindow;
	if (w?.currentStart && w.currentEnd) {
		return `Expected firing window: ${formatDay(w.currentStart, tz)} – ${formatDay(w.currentEnd, tz)}.`;
	}
	return 'Expected firing window: to be confirmed — we will send an update within 24 hours.';
}

/** Queue context for the customer: place in line, or when it will be set. */
export function queueLine(r: Reservation): string {
	return r.queuePositionHint
		? `You are number ${r.queuePositionHint} in line for your kiln.`
		: 'The studio places your work on a kiln when it confirms the request.';
}

/** Why the queue context is "to be confirmed", in the customer's words. */
export const QUEUE_TBD_WORDS: Record<QueueTbdReason, string> = {
	waitlisted: 'the kilns are full for now, so your work is on the waitlist',
	no_room: 'no kiln has room for this size right now; the studio will find one',
	not_in_queue: 'your work is past the queue (firing, ready or closed)'
};

/** The queue context ("about N firings ahead, usually X–Y days") or a stable TBD with why. */
export function queueContextLine(c: QueueContext): string {
	if (c.kind === 'tbd')
		return `Your place in line: to be confirmed — ${QUEUE_TBD_WORDS[c.reason]}.`;
	const ahead =
		c.ahead === 0
			? 'Yours is next in line'
			: `About ${c.ahead} firing${c.ahead === 1 ? '' : 's'} ahead of yours`;
	const days = c.minDays === 0 ? `within ${c.maxDays} days` : `in ${c.minDays}–${c.maxDays} days`;
	const once = c.provisional ? ' (an estimate until the studio places it on a kiln)' : '';
	return `${ahead}: usually fired ${days}${once}.`;
}

/**
 * Which customer message describes the reservation as it is now: the status page heads with
 * that message's own words, so the page and the messages can never say different things.
 */
export function currentMessageKind(r: Reservation): NotificationKind {
	if (r.status === 'CANCELLED') return 'cancelled';
	const w = r.pickupWindow?.status;
	if (w === 'completed' || w === 'missed') return 'pickup_window';
	if (r.storageStatus === 'hold_pending' || r.storageStatus === 'stored_by_policy')
		return 'storage_escalation';
	if (r.readyForPickupAt) return 'ready_for_pickup';
	if (r.status === 'WAITLISTED') return 'waitlisted';
	if (r.status === 'CONFIRMED') return 'confirmed';
	return 'request_received';
}

/** What happens next, per message kind (the /request confirmation and the status page). */
export const NEXT_STEP_WORDS: Record<NotificationKind, string> = {
	request_received:
		'What happens next: the studio checks your request and confirms it, usually within a day. You will get a message when it is confirmed; then bring your work in.',
	confirmed:
		'What happens next: bring your work to the studio; it joins the kiln queue and we message you when it is ready.',
	waitlisted: 'What happens next: we message you as soon as a kiln slot opens.',
	cancelled: 'Nothing more will happen with this reservation.',
	delayed: 'What happens next: we keep your place in the queue and send another update.',
	ready_for_pickup: 'What happens next: collect your work during opening hours.',
	pickup_window: 'What happens next: collect your work during opening hours.',
	storage_escalation: 'What happens next: collect your work, or reply to arrange a time.'
};

/** The status-page line every customer message carries (added when the message is sent). */
export const statusLinkLine = (url: string): string => `See where your work is at any time: ${url}`;

/** The status page, in the same words as the customer messages; customer-safe fields only. */
export function statusPageCopy(
	r: Reservation,
	tz: string,
	context: QueueContext
): {
	reference: string;
	title: string;
	body: string;
	queue: string;
	eta: string;
	nextStep: string;
	pickup: string | null;
	storage: string | null;
	halfShelves: string;
	halfShelfHelp: string;
} {
	const kind = currentMessageKind(r);
	const msg = messageCopy(kind, r, tz);
	const closed = kind === 'cancelled' || r.pickupWindow?.status === 'completed';
	const ready = !!r.readyForPickupAt && !closed;
	return {
		reference: shortReference(r.id),
		title: msg.title,
		body: msg.body,
		queue: closed || ready ? '' : queueContextLine(context),
		eta: closed || ready ? '' : etaLine(r, tz),
		nextStep: NEXT_STEP_WORDS[kind],
		pickup: ready ? pickupWindowCopy(r, tz).body : null,
		storage: ready ? storageTerms(r, tz) || null : null,
		halfShelves: halfShelfText(halfShelves(r)),
		halfShelfHelp: HALF_SHELF_HELP
	};
}

function expectationLine(r: Reservation, tz: string): string {
	const e = r.waitlistExpectation;
	if (!e) return 'We will tell you as soon as a kiln slot opens.';
	if (e.kind === 'window') {
		return `We expect to fire your work between ${formatDay(e.targetStart, tz)} and ${formatDay(e.targetEnd, tz)}.`;
	}
	return `The new date is not known yet: ${e.reason}. We will update you within 48 hours.`;
}

function storageTerms(r: Reservation, tz: string): string {
	if (!r.readyForPickupAt) return '';
	const b = r.storageBilling ?? seedBilling(r, r.readyForPickupAt, tz);
	const rate = `${money(DAILY_RATE_PER_HALF_SHELF)} per half-shelf per day (your work uses ${halfShelves(r)})`;
	const covered = r.addOns.prepaidStorageRequested
		? `Your prepaid storage (${money(PREPAID_STORAGE_COST)} flat) covers ${PREPAID_WEEKS} weeks, until ${formatDay(b.graceEndsAt, tz)}`
		: `Storage is free until ${formatDay(b.graceEndsAt, tz)}`;
	return `${covered}; after that it is ${rate} for up to ${MAX_BILLED_DAYS} days, and work still here on ${formatDay(b.billingEndsAt, tz)} is reclaimed by the studio.`;
}

function pickupWindowCopy(r: Reservation, tz: string): { title: string; body: string } {
	const w = r.pickupWindow;
	if (w?.status === 'completed')
		return {
			title: 'Thanks for picking up your work',
			body: `Your work has been collected. Storage billing has stopped.${
				r.storageBilling?.status === 'settled' && r.storageBilling.accruedCost > 0
					? ` Billed storage at pickup: ${r.storageBilling.billedDays} day(s), ${money(r.storageBilling.accruedCost)}.`
					: ''
			}`
		};
	if (w?.status === 'missed')
		return {
			title: 'We missed you at pickup',
			body: `Your pickup window ended and your work is still at the studio. ${storageTerms(r, tz)} Reply or visit during opening hours to collect it.`
		};
	return {
		title: 'Your pickup window is open',
		body: w?.confirmedEnd
			? `Please collect your work between ${formatDay(w.confirmedStart ?? w.confirmedEnd, tz)} and ${formatDay(w.confirmedEnd, tz)}.`
			: 'Please collect your work at your earliest convenience.'
	};
}

function storageEscalation(r: Reservation, tz: string): { title: string; body: string } {
	const b = r.readyForPickupAt
		? (r.storageBilling ?? seedBilling(r, r.readyForPickupAt, tz))
		: null;
	const last = r.storageNoticeHistory.at(-1);
	const status = STORAGE_STATUS_WORDS[r.storageStatus ?? 'active'];
	const lines = [
		`Your work has been ready since ${r.readyForPickupAt ? formatDay(r.readyForPickupAt, tz) : 'recently'} and is ${status}.`,
		`We have sent ${r.pickupReminderCount} reminder(s)${last ? `; the latest update was on ${formatDay(last.at, tz)}` : ''}.`
	];
	if (b)
		lines.push(
			`Covered storage ends ${formatDay(b.graceEndsAt, tz)}; billed so far: ${money(b.accruedCost)}; the studio reclaims uncollected work on ${formatDay(b.billingEndsAt, tz)}.`,
			`Prepaid storage is a flat ${money(PREPAID_STORAGE_COST)} hold before daily billing starts.`
		);
	lines.push(
		r.storageStatus === 'stored_by_policy'
			? 'Please contact the front desk about what happens next.'
			: 'To collect it, visit during opening hours and give your name at the pickup shelf, or reply to arrange a time.'
	);
	return { title: 'Your work is still waiting at the studio', body: lines.join(' ') };
}

function delayed(r: Reservation, tz: string): { title: string; body: string } {
	const why = r.stageHistory.findLast((h) => h.reason === 'eta_escalated')?.notes;
	return {
		title: 'Your firing is delayed',
		body: `What changed: ${why ?? 'the kiln schedule moved'}. ${etaLine(r, tz)} What happens next: we keep your place in the queue and will send another update by ${formatDay(addMs(r.updatedAt, DAY_MS), tz)}.`
	};
}

/** Every customer message ends with the short reference, the same words the kiosk shows. */
export function customerMessage(
	kind: NotificationKind,
	r: Reservation,
	tz: string
): { title: string; body: string } {
	const copy = messageCopy(kind, r, tz);
	return { title: copy.title, body: `${copy.body} Your reference: ${shortReference(r.id)}.` };
}

function messageCopy(
	kind: NotificationKind,
	r: Reservation,
	tz: string
): { title: string; body: string } {
	switch (kind) {
		case 'request_received':
			return {
				title: 'Your firing request is in the queue',
				body: `Thanks, ${r.customerName}. Your request is in the studio queue. ${queueLine(r)} ${etaLine(r, tz)}`
			};
		case 'confirmed':
			return {
				title: 'Your firing is confirmed',
				body: `Your reservation is confirmed. ${etaLine(r, tz)}${r.arrivalToken ? ` Show code ${r.arrivalToken} when you drop off your work${r.arrivalTokenExpiresAt ? ` (valid until ${formatDay(r.arrivalTokenExpiresAt, tz)})` : ''}.` : ''}`
			};
		case 'waitlisted':
			return {
				title: 'Your firing is on the waitlist',
				body: `The kiln schedule is full for now, so your reservation is on the waitlist. ${expectationLine(r, tz)}`
			};
		case 'cancelled':
			return {
				title: 'Your reservation was cancelled',
				body: 'Your reservation has been cancelled. If this is unexpected or you still want to fire this work, reply to this message or ask at the front desk and we will open a new reservation linked to this one.'
			};
		case 'delayed':
			return delayed(r, tz);
		case 'ready_for_pickup': {
			const end = r.pickupWindow?.confirmedEnd;
			return {
				title: 'Your work is ready for pickup',
				body: `Your fired work is ready. Next step: come to the studio during opening hours and give your name at the pickup shelf. ${end ? `Please collect it by ${formatDay(end, tz)}.` : 'Please collect it soon.'} ${storageTerms(r, tz)}`
			};
		}
		case 'pickup_window':
			return pickupWindowCopy(r, tz);
		case 'storage_escalation':
			return storageEscalation(r, tz);
	}
}

/** A stored customer message with a caller-chosen (replay-stable) id. */
export function buildNotification(
	kind: NotificationKind,
	r: Reservation,
	id: string,
	now: string,
	timeZone: string
): CustomerNotification {
	const { title, body } = customerMessage(kind, r, timeZone);
	return {
		id,
		ownerUid: r.ownerUid,
		reservationId: r.id,
		kind,
		title,
		body,
		createdAt: now,
		status: 'queued',
		readAt: null
	};
}

export function notify(
	kind: NotificationKind,
	r: Reservation,
	ctx: ApplyContext
): CustomerNotification {
	return buildNotification(kind, r, `ntf:${ctx.requestId}:${r.id}:${kind}`, ctx.now, ctx.timeZone);
}
