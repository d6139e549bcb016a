import type { CustomerNotification, StorageAuditRow } from './effects';
import { buildNotification } from './messages';
import type { FieldGroup, Instant, Reservation, StorageNotice, StorageStatus } from './reservation';
import { storageEvent, type StorageEvent } from './storage-notice';
import {
	billingAt,
	reminderDays,
	reminderDueAt,
	seedBilling,
	settleBilling
} from './storage-policy';

export interface StorageEvaluation {
	/** The card after evaluation (same object when nothing changed). */
	reservation: Reservation;
	changed: boolean;
	notices: StorageNotice[];
	audit: StorageAuditRow[];
	/** At most one customer message per run: the most serious news. */
	notifications: CustomerNotification[];
}

/** Loaded, not picked up, not cancelled, not already reclaimed, with a ready time. */
export function storageApplies(r: Reservation): boolean {
	return (
		r.status !== 'CANCELLED' &&
		r.loadStatus === 'loaded' &&
		r.readyForPickupAt !== null &&
		r.pickupWindow?.status !== 'completed' &&
		r.storageStatus !== 'stored_by_policy' &&
		r.storageStatus !== 'picked_up' &&
		!r.isArchived
	);
}

function statusFor(billing: string, reminders: number): StorageStatus {
	if (billing === 'reclaimed') return 'stored_by_policy';
	if (billing === 'billing') return 'hold_pending';
	return reminders > 0 ? 'reminder_pending' : 'active';
}

/**
 * The storage timeline at `now`: automatic miss of an ended pickup window, reminders (catching
 * up to the latest threshold reached with ONE notice), storage status, billing and reclaim.
 * Every step fires only on a state change, so evaluating twice at the same `now` adds nothing.
 */
export function evaluateStorage(r: Reservation, now: Instant, timeZone: string): StorageEvaluation {
	const none: StorageEvaluation = {
		reservation: r,
		changed: false,
		notices: [],
		audit: [],
		notifications: []
	};
	if (!storageApplies(r)) return none;
	const ready = r.readyForPickupAt as string;
	let next = r;
	const audit: StorageAuditRow[] = [];
	const groups = new Set<FieldGroup>(['storage']);
	let news: { tag: string; kind: 'pickup_window' | 'storage_escalation' } | null = null;
	const push = (e: StorageEvent, tag: string) => {
		const ev = storageEvent(next, e, now, `storage:${tag}`);
		next = ev.reservation;
		audit.push(ev.audit);
	};

	const w = next.pickupWindow;
	if (
		w &&
		(w.status === 'open' || w.status === 'confirmed') &&
		w.confirmedEnd &&
		w.confirmedEnd < now
	) {
		next = {
			...next,
			pickupWindow: {
				...w,
				status: 'missed',
				confirmedAt: null,
				missedCount: w.missedCount + 1,
				lastMissedAt: now
			}
		};
		push(
			{
				kind: 'pickup_window_missed',
				detail: 'Pickup window ended without a pickup; billing still follows the ready date.',
				auditAction: 'pickup_window_missed'
			},
			`missed:${w.confirmedEnd}`
		);
		groups.add('pickup');
		news = { tag: `missed:${w.confirmedEnd}`, kind: 'pickup_window' };
	}

	const reached = reminderDays(next).filter(
		(_, i) => reminderDueAt(next, ready, i + 1, timeZone) <= now
	).length;
	if (reached > next.pickupReminderCount) {
		next = { ...next, pickupReminderCount: reached };
		push(
			{
				kind: `pickup_reminder_${reached}`,
				detail: `Pickup reminder ${reached} of 3 sent.`,
				auditAction: 'pickup_reminder_enqueued',
				reminderOrdinal: reached
			},
			`reminder:${reached}`
		);
		news = { tag: `reminder:${reached}`, kind: 'storage_escalation' };
	}

	const before = next.storageBilling ?? seedBilling(next, ready, timeZone);
	const billing = billingAt(before, now, timeZone);
	const status = statusFor(billing.status, next.pickupReminderCount);
	if (
		billing.billedDays !== before.billedDays ||
		billing.status !== before.status ||
		!next.storageBilling
	) {
		next = { ...next, storageBilling: billing };
		if (billing.billedDays !== before.billedDays)
			push(
				{
					kind: 'storage_billing_update',
					detail: `${billing.billedDays} billed day(s) × ${billing.chargeBasisHalfShelves} half-shelves: $${billing.accruedCost.toFixed(2)} accrued.`,
					auditAction: 'storage_billing_update'
				},
				`billing:${billing.billedDays}`
			);
	}
	if (status !== next.storageStatus) {
		const from = next.storageStatus;
		next = { ...next, storageStatus: status };
		if (status === 'stored_by_policy')
			next = { ...next, isArchived: true, archivedAt: billing.reclaimedAt };
		push(
			{
				kind: status,
				detail:
					status === 'stored_by_policy'
						? 'Covered storage and 28 billed days are used up with no pickup; the studio has reclaimed the work.'
						: status === 'hold_pending'
							? `Covered storage ended; billing runs at $${billing.dailyRatePerHalfShelf.toFixed(2)} per half-shelf per day.`
							: `Storage status is now ${status}.`,
				auditAction: 'storage_status_transition',
				fromStatus: from,
				toStatus: status
			},
			`status:${status}`
		);
		if (status === 'stored_by_policy' || status === 'hold_pending')
			news = { tag: `status:${status}`, kind: 'storage_escalation' };
	}

	if (next === r) return none;
	const version = r.version + 1;
	const fieldVersions = { ...r.fieldVersions };
	for (const g of groups) fieldVersions[g] = version;
	next = { ...next, version, fieldVersions, updatedAt: now };
	const notifications = news
		? [buildNotification(news.kind, next, `ntf:storage:${r.id}:${news.tag}`, now, timeZone)]
		: [];
	return {
		reservation: next,
		changed: true,
		notices: next.storageNoticeHistory.slice(r.storageNoticeHistory.length),
		audit,
		notifications
	};
}

export interface StorageRisk {
	level: 'none' | 'watch' | 'billing' | 'reclaimed';
	atRisk: boolean;
	/** Short staff-facing label for the card. */
	label: string;
	billedDays: number;
	accruedCost: number;
	billingStartsAt: Instant | null;
	reclaimAt: Instant | null;
}

/**
 * Checkout: billing frozen at the pickup time (billed days counted to `at`, not to the last
 * evaluator run) and the storage status `picked_up`, with one notice and its audit row.
 */
export function settleStorage(
	r: Reservation,
	at: Instant,
	timeZone: string,
	requestId: string
): { reservation: Reservation; audit: StorageAuditRow | null } {
	if (r.readyForPickupAt === null || r.storageStatus === 'picked_up')
		return { reservation: r, audit: null };
	const billing = settleBilling(
		r.storageBilling ?? seedBilling(r, r.readyForPickupAt, timeZone),
		at,
		timeZone
	);
	const ev = storageEvent(
		{ ...r, storageBilling: billing, storageStatus: 'picked_up' },
		{
			kind: 'storage_settled',
			detail:
				billing.billedDays > 0
					? `Picked up: ${billing.billedDays} billed day(s) × ${billing.chargeBasisHalfShelves} half-shelves, $${billing.accruedCost.toFixed(2)} due at checkout.`
					: 'Picked up within covered storage; nothing is due.',
			auditAction: 'storage_settled',
			fromStatus: r.storageStatus,
			toStatus: 'picked_up'
		},
		at,
		requestId
	);
	return ev;
}

/** Storage risk for a card at `now` (computed, so it is right even before the evaluator runs). */
export function storageRisk(r: Reservation, now: Instant, timeZone: string): StorageRisk {
	const quiet: StorageRisk = {
		level: 'none',
		atRisk: false,
		label: 'No storage risk',
		billedDays: 0,
		accruedCost: 0,
		billingStartsAt: null,
		reclaimAt: null
	};
	if (
		r.readyForPickupAt === null ||
		r.status === 'CANCELLED' ||
		r.pickupWindow?.status === 'completed' ||
		r.storageStatus === 'picked_up'
	)
		return quiet;
	const b = billingAt(
		r.storageBilling ?? seedBilling(r, r.readyForPickupAt, timeZone),
		now,
		timeZone
	);
	const base = {
		...quiet,
		billedDays: b.billedDays,
		accruedCost: b.accruedCost,
		billingStartsAt: b.billingStartsAt,
		reclaimAt: b.billingEndsAt
	};
	if (r.storageStatus === 'stored_by_policy' || b.status === 'reclaimed')
		return { ...base, level: 'reclaimed', atRisk: true, label: 'Reclaimed by studio' };
	if (r.storageStatus === 'hold_pending' || b.status === 'billing')
		return {
			...base,
			level: 'billing',
			atRisk: true,
			label: `Billable storage: $${b.accruedCost.toFixed(2)} so far`
		};
	const failed = r.storageNoticeHistory.some((n) => n.kind === 'reminder_failed');
	if (failed || r.pickupReminderCount >= 2)
		return {
			...base,
			level: 'watch',
			atRisk: true,
			label: failed ? 'Reminder delivery failed' : 'Billing approaching'
		};
	return { ...base, label: 'Within covered storage' };
}
