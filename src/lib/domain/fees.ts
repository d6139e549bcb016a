import { z } from 'zod';
import { halfShelves } from './half-shelves';
import { Currency, Fee, FiringType, Instant, Minor, type Reservation } from './reservation';
import { PREPAID_STORAGE_COST } from './storage-policy';
import type { Row } from './export/format';
import { localDate } from './time-zone';

/**
 * The studio's firing prices. One price per half-shelf for each firing type, a surcharge per
 * half-shelf for tall work (more tiers stacked than `aboveTiers`), and a minimum per reservation.
 */
export const PriceTable = z.object({
	/** Changes whenever any price changes; a fee records the version it was computed from. */
	version: z.string().trim().min(1).max(80),
	currency: Currency,
	perHalfShelf: z.record(FiringType, Minor),
	heightSurcharge: z.object({
		aboveTiers: z.number().int().min(0).max(20),
		perHalfShelf: Minor
	}),
	minimum: Minor,
	updatedAt: Instant
});
export type PriceTable = z.infer<typeof PriceTable>;

type Priced = Pick<
	Reservation,
	'firingType' | 'estimatedHalfShelves' | 'shelfEquivalent' | 'footprintHalfShelves' | 'tiers'
>;

/** The firing fee for `r` under `table` at `now`: same half-shelf rule as placement. */
export function computeFee(r: Priced, table: PriceTable, now: string): Fee {
	const size = halfShelves(r);
	const base = size * (table.perHalfShelf[r.firingType] ?? 0);
	const tall = r.tiers !== null && Math.round(r.tiers) > table.heightSurcharge.aboveTiers;
	const surcharge = tall ? size * table.heightSurcharge.perHalfShelf : 0;
	const topUp = Math.max(0, table.minimum - (base + surcharge));
	return {
		currency: table.currency,
		priceTableVersion: table.version,
		firingType: r.firingType,
		halfShelves: size,
		baseMinor: base,
		surchargeMinor: surcharge,
		minimumTopUpMinor: topUp,
		firingMinor: base + surcharge + topUp,
		computedAt: now,
		paidMinor: null,
		paidAt: null,
		paidByUid: null
	};
}

/** Digits of the currency's minor unit (2 for GBP, 0 for JPY). */
export function minorDigits(currency: string): number {
	return (
		new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
			.maximumFractionDigits ?? 2
	);
}

/** Storage amounts are kept in major units rounded to cents; this turns one into minor units. */
export function toMinor(major: number, currency: string): number {
	// Round the scaled value once: 4.35 × 100 is 434.99999…, which must be 435.
	return Math.round(Number((major * 10 ** minorDigits(currency)).toFixed(6)));
}

/** `1234` GBP → `£12.34` (text, never colour alone). */
export function formatMoney(minor: number, currency: string, locale = 'en-GB'): string {
	const digits = minorDigits(currency);
	return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
		minor / 10 ** digits
	);
}

export type ChargeKind = 'firing' | 'prepaid_storage' | 'storage';
export interface Charge {
	kind: ChargeKind;
	label: string;
	minor: number;
	/** Final (fixed) or still accruing (storage billing in progress). */
	final: boolean;
}

const CHARGE_LABEL: Record<ChargeKind, string> = {
	firing: 'Firing',
	prepaid_storage: 'Prepaid storage',
	storage: 'Storage'
};

type Charged = Pick<Reservation, 'fee' | 'addOns' | 'storageBilling'>;

/**
 * Everything a reservation owes: the firing fee, prepaid storage, and daily storage billing
 * (final once settled at pickup or reclaimed). Nothing before the work has been fired.
 */
export function reservationCharges(r: Charged): Charge[] {
	const fee = r.fee;
	if (!fee) return [];
	const out: Charge[] = [
		{ kind: 'firing', label: CHARGE_LABEL.firing, minor: fee.firingMinor, final: true }
	];
	if (r.addOns.prepaidStorageRequested)
		out.push({
			kind: 'prepaid_storage',
			label: CHARGE_LABEL.prepaid_storage,
			minor: toMinor(PREPAID_STORAGE_COST, fee.currency),
			final: true
		});
	const b = r.storageBilling;
	if (b && b.accruedCost > 0)
		out.push({
			kind: 'storage',
			label: `${CHARGE_LABEL.storage} (${b.billedDays} day${b.billedDays === 1 ? '' : 's'})`,
			minor: toMinor(b.accruedCost, fee.currency),
			final: b.status === 'settled' || b.status === 'reclaimed'
		});
	return out;
}

export interface FeeSummary {
	currency: string;
	totalMinor: number;
	paidMinor: number;
	dueMinor: number;
	charges: Charge[];
	/** Every charge final and fully paid. */
	settled: boolean;
}

/**
 * The fee as staff and the customer status page show it, or null before it is fired.
 * Pure: the customer page and the card both call this.
 */
export function feeSummary(r: Charged): FeeSummary | null {
	if (!r.fee) return null;
	const charges = reservationCharges(r);
	const total = charges.reduce((s, c) => s + c.minor, 0);
	const paid = Math.min(total, r.fee.paidMinor ?? 0);
	return {
		currency: r.fee.currency,
		totalMinor: total,
		paidMinor: paid,
		dueMinor: total - paid,
		charges,
		settled: total - paid === 0 && charges.every((c) => c.final)
	};
}

/** `YYYY-MM` of an instant in the studio's zone. */
export const monthOf = (at: string, timeZone: string) => localDate(at, timeZone).slice(0, 7);

export interface StatementLine {
	reservationId: string;
	firedAt: string;
	firingType: string;
	halfShelves: number;
	totalMinor: number;
	paidMinor: number;
	dueMinor: number;
	charges: Charge[];
}

export interface Statement {
	ownerUid: string;
	customerName: string;
	month: string;
	currency: string | null;
	lines: StatementLine[];
	totalMinor: number;
	paidMinor: number;
	dueMinor: number;
}

type Stated = Charged & Pick<Reservation, 'id' | 'ownerUid' | 'customerName'>;

/**
 * One customer's statement for a studio month: every reservation fired in that month (by the
 * fee's computed time, in the studio zone), with its storage, what was paid and what is due.
 */
export function monthlyStatement(
	all: readonly Stated[],
	ownerUid: string,
	month: string,
	timeZone: string
): Statement {
	const mine = all
		.filter(
			(r) => r.ownerUid === ownerUid && r.fee && monthOf(r.fee.computedAt, timeZone) === month
		)
		.sort((a, b) => a.fee!.computedAt.localeCompare(b.fee!.computedAt) || a.id.localeCompare(b.id));
	const lines: StatementLine[] = mine.map((r) => {
		const s = feeSummary(r)!;
		return {
			reservationId: r.id,
			firedAt: r.fee!.computedAt,
			firingType: r.fee!.firingType,
			halfShelves: r.fee!.halfShelves,
			totalMinor: s.totalMinor,
			paidMinor: s.paidMinor,
			dueMinor: s.dueMinor,
			charges: s.charges
		};
	});
	const sum = (k: 'totalMinor' | 'paidMinor' | 'dueMinor') => lines.reduce((t, l) => t + l[k], 0);
	return {
		ownerUid,
		customerName: all.find((r) => r.ownerUid === ownerUid)?.customerName ?? ownerUid,
		month,
		currency: mine[0]?.fee?.currency ?? null,
		lines,
		totalMinor: sum('totalMinor'),
		paidMinor: sum('paidMinor'),
		dueMinor: sum('dueMinor')
	};
}

/** Customers with at least one fee in `month`, for the statements index. */
export function statementCustomers(
	all: readonly Stated[],
	month: string,
	timeZone: string
): { ownerUid: string; customerName: string }[] {
	const seen = new Map<string, string>();
	for (const r of all)
		if (r.fee && monthOf(r.fee.computedAt, timeZone) === month && !seen.has(r.ownerUid))
			seen.set(r.ownerUid, r.customerName);
	return [...seen]
		.map(([ownerUid, customerName]) => ({ ownerUid, customerName }))
		.sort((a, b) => a.customerName.localeCompare(b.customerName));
}

export const STATEMENT_COLUMNS = [
	'reservationId',
	'firedAt',
	'firingType',
	'halfShelves',
	'charge',
	'amount',
	'currency',
	'final'
] as const;

/** Statement rows for `toCsv` (which neutralises formula-looking text): one row per charge. */
export function statementRows(s: Statement): Row[] {
	const cur = s.currency ?? '';
	const major = (m: number) =>
		s.currency ? (m / 10 ** minorDigits(cur)).toFixed(minorDigits(cur)) : String(m);
	const rows: Row[] = [];
	for (const l of s.lines)
		for (const c of l.charges)
			rows.push({
				reservationId: l.reservationId,
				firedAt: l.firedAt,
				firingType: l.firingType,
				halfShelves: l.halfShelves,
				charge: c.label,
				amount: major(c.minor),
				currency: cur,
				final: c.final
			});
	for (const [label, m] of [
		['Total', s.totalMinor],
		['Paid', s.paidMinor],
		['Due', s.dueMinor]
	] as const)
		rows.push({
			reservationId: null,
			firedAt: null,
			firingType: null,
			halfShelves: null,
			charge: label,
			amount: major(m),
			currency: cur,
			final: null
		});
	return rows;
}
