import type { Reservation, StorageBilling } from './reservation';
import { halfShelves } from './half-shelves';
import { DAY_MS, addMs } from './step';

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

/** The billing timeline as it stands at ready time. */
export function seedBilling(r: Reservation, readyAt: string): StorageBilling {
	const graceEndsAt = addMs(readyAt, coveredDays(r) * DAY_MS);
	return {
		chargeBasisHalfShelves: halfShelves(r),
		dailyRatePerHalfShelf: DAILY_RATE_PER_HALF_SHELF,
		graceEndsAt,
		billingStartsAt: graceEndsAt,
		billingEndsAt: addMs(graceEndsAt, MAX_BILLED_DAYS * DAY_MS),
		billedDays: 0,
		accruedCost: 0,
		status: 'grace',
		reclaimedAt: null
	};
}

/** Billing at `now`: whole 24 h periods since billing started, capped at 28, rounded to cents. */
export function billingAt(b: StorageBilling, now: string): StorageBilling {
	const elapsed = Date.parse(now) - Date.parse(b.billingStartsAt);
	const billedDays = Math.max(0, Math.min(MAX_BILLED_DAYS, Math.floor(elapsed / DAY_MS)));
	const reclaimed = now >= b.billingEndsAt;
	return {
		...b,
		billedDays,
		accruedCost:
			Math.round(billedDays * b.chargeBasisHalfShelves * b.dailyRatePerHalfShelf * 100) / 100,
		status: reclaimed ? 'reclaimed' : now >= b.billingStartsAt ? 'billing' : 'grace',
		reclaimedAt: reclaimed ? b.billingEndsAt : null
	};
}
