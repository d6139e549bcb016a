import type { Reservation, StorageBilling } from './reservation';
import { halfShelves } from './half-shelves';
import { addDays, addStudioDays, wholeDaysBetween } from './time-zone';

/** Reminder thresholds in days after ready-for-pickup (no prepaid storage). */
export const REMINDER_DAYS = [14, 17.5, 19.25] as const;
/** Free storage ends at the last reminder; billing starts there. */
export const GRACE_DAYS = 19.25;
export const DAILY_RATE_PER_HALF_SHELF = 1.5;
export const MAX_BILLED_DAYS = 28;
export const PREPAID_WEEKS = 4;
export const PREPAID_STORAGE_COST = 15;
/** Days the pickup window opened at ready time stays open. */
export const DEFAULT_PICKUP_WINDOW_DAYS = 14;
export const STORAGE_NOTICE_CAP = 80;

/** Days of storage covered before billing: free grace, or the prepaid window. */
export function coveredDays(r: Pick<Reservation, 'addOns'>): number {
	return r.addOns.prepaidStorageRequested ? PREPAID_WEEKS * 7 : GRACE_DAYS;
}

/** Reminder thresholds in days; with prepaid storage the same ratios over the covered window. */
export function reminderDays(r: Pick<Reservation, 'addOns'>): number[] {
	const covered = coveredDays(r);
	return REMINDER_DAYS.map((d) => (d / GRACE_DAYS) * covered);
}

/** When reminder `ordinal` (1-based) is due: studio days after ready, DST-aware. */
export function reminderDueAt(
	r: Pick<Reservation, 'addOns'>,
	readyAt: string,
	ordinal: number,
	timeZone: string
): string {
	return addStudioDays(readyAt, reminderDays(r)[ordinal - 1], timeZone);
}

/** The billing timeline as it stands at ready time; storage days are studio days. */
export function seedBilling(r: Reservation, readyAt: string, timeZone: string): StorageBilling {
	const graceEndsAt = addStudioDays(readyAt, coveredDays(r), timeZone);
	return {
		chargeBasisHalfShelves: halfShelves(r),
		dailyRatePerHalfShelf: DAILY_RATE_PER_HALF_SHELF,
		graceEndsAt,
		billingStartsAt: graceEndsAt,
		billingEndsAt: addDays(graceEndsAt, MAX_BILLED_DAYS, timeZone),
		billedDays: 0,
		accruedCost: 0,
		status: 'grace',
		reclaimedAt: null
	};
}

const cost = (b: StorageBilling, days: number) =>
	Math.round(days * b.chargeBasisHalfShelves * b.dailyRatePerHalfShelf * 100) / 100;

/**
 * Billing at `now`: whole studio days since billing started (a day across a DST change is
 * 23 or 25 h), capped at 28, rounded to cents. Settled billing no longer moves.
 */
export function billingAt(b: StorageBilling, now: string, timeZone: string): StorageBilling {
	if (b.status === 'settled') return b;
	const billedDays = Math.min(MAX_BILLED_DAYS, wholeDaysBetween(b.billingStartsAt, now, timeZone));
	const reclaimed = now >= b.billingEndsAt;
	return {
		...b,
		billedDays,
		accruedCost: cost(b, billedDays),
		status: reclaimed ? 'reclaimed' : now >= b.billingStartsAt ? 'billing' : 'grace',
		reclaimedAt: reclaimed ? b.billingEndsAt : null
	};
}

/** Checkout: the bill as it stands at the pickup time, then frozen (`settled`). */
export function settleBilling(
	b: StorageBilling,
	pickedUpAt: string,
	timeZone: string
): StorageBilling {
	const at = billingAt(b, pickedUpAt, timeZone);
	return { ...at, status: 'settled', reclaimedAt: null };
}
