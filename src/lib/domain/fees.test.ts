import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './export/csv';
import { buildDatasets } from './export/datasets';
import {
	computeFee,
	feeSummary,
	formatMoney,
	monthlyStatement,
	STATEMENT_COLUMNS,
	statementCustomers,
	statementRows,
	toMinor
} from './fees';
import { Reservation } from './reservation';
import {
	act,
	confirm,
	intake,
	load,
	must,
	run,
	T0,
	TEST_PRICES
} from '../../testing/domain/fixtures';

const TABLE = TEST_PRICES;

const sized = (o: Partial<Reservation> = {}) => ({
	firingType: 'glaze' as const,
	estimatedHalfShelves: null,
	shelfEquivalent: 1,
	footprintHalfShelves: null,
	tiers: null,
	...o
});

describe('computeFee', () => {
	it('prices each firing type per half-shelf', () => {
		expect(computeFee(sized({ estimatedHalfShelves: 4 }), TABLE, T0)).toMatchObject({
			halfShelves: 4,
			baseMinor: 2600,
			surchargeMinor: 0,
			minimumTopUpMinor: 0,
			firingMinor: 2600,
			currency: 'GBP',
			priceTableVersion: 'test-1',
			computedAt: T0,
			paidMinor: null
		});
		expect(
			computeFee(sized({ estimatedHalfShelves: 4, firingType: 'bisque' }), TABLE, T0).firingMinor
		).toBe(1600);
		expect(
			computeFee(sized({ estimatedHalfShelves: 4, firingType: 'other' }), TABLE, T0).firingMinor
		).toBe(2000);
	});

	it('tops small work up to the minimum', () => {
		const f = computeFee(sized({ estimatedHalfShelves: 1, firingType: 'bisque' }), TABLE, T0);
		expect(f).toMatchObject({ baseMinor: 400, minimumTopUpMinor: 600, firingMinor: 1000 });
	});

	it('adds the height surcharge per half-shelf only above the tier threshold', () => {
		const two = computeFee(sized({ estimatedHalfShelves: 2, tiers: 2 }), TABLE, T0);
		expect(two.surchargeMinor).toBe(0);
		const three = computeFee(sized({ estimatedHalfShelves: 2, tiers: 3 }), TABLE, T0);
		expect(three).toMatchObject({ baseMinor: 1300, surchargeMinor: 300, firingMinor: 1600 });
		// The surcharge counts towards the minimum, not on top of it.
		const small = computeFee(
			sized({ estimatedHalfShelves: 1, tiers: 4, firingType: 'bisque' }),
			TABLE,
			T0
		);
		expect(small).toMatchObject({ surchargeMinor: 150, minimumTopUpMinor: 450, firingMinor: 1000 });
	});

	it('sizes with the placement rule (fractional estimates round up)', () => {
		expect(computeFee(sized({ estimatedHalfShelves: 2.2 }), TABLE, T0).halfShelves).toBe(3);
		expect(computeFee(sized({ shelfEquivalent: 1.5 }), TABLE, T0).halfShelves).toBe(3);
	});
});

describe('money', () => {
	it('converts major-unit storage amounts without float drift', () => {
		expect(toMinor(4.35, 'GBP')).toBe(435);
		expect(toMinor(1.15, 'GBP')).toBe(115);
		expect(toMinor(0.1 + 0.2, 'EUR')).toBe(30);
		expect(toMinor(12, 'JPY')).toBe(12);
	});
	it('formats minor units in the currency', () => {
		expect(formatMoney(1234, 'GBP')).toBe('£12.34');
		expect(formatMoney(500, 'JPY')).toBe('JP¥500');
	});
});

const firedCard = (id: string, o: Parameters<typeof intake>[1] = {}, now = T0) =>
	run(
		intake(id, {
			firingType: 'glaze',
			estimatedHalfShelves: 2,
			assignedStationId: 'studio-kiln-a',
			...o
		}),
		[confirm, load('loaded')],
		{ prices: TABLE, now }
	);

describe('the fee is fixed at first loaded', () => {
	it('loading alone sets no fee; loaded does, from ctx.prices', () => {
		const r = run(
			intake('f1', {
				firingType: 'glaze',
				estimatedHalfShelves: 2,
				assignedStationId: 'studio-kiln-a'
			}),
			[confirm, load('loading')]
		);
		expect(r.fee).toBeNull();
		const loaded = must(act(r, load('loaded'), { prices: TABLE })).reservation;
		expect(loaded.fee).toMatchObject({ firingMinor: 1300, priceTableVersion: 'test-1' });
	});

	it('a correction back to the queue and a second load keep the first fee', () => {
		const first = firedCard('f2');
		const dearer = {
			...TABLE,
			version: 'test-2',
			perHalfShelf: { ...TABLE.perHalfShelf, glaze: 9999 }
		};
		const back = must(act(first, load('queued', 'Wrong kiln, reloading'), { prices: dearer }));
		const again = must(act(back.reservation, load('loaded'), { prices: dearer })).reservation;
		expect(again.fee).toEqual(first.fee);
	});

	it('without a price table the card is loaded without a fee', () => {
		const r = run(intake('f3', { assignedStationId: 'studio-kiln-a' }), [confirm, load('loaded')]);
		expect(r.loadStatus).toBe('loaded');
		expect(r.fee).toBeNull();
	});

	it('old rows without the field parse with fee null', () => {
		const { fee: _drop, ...old } = firedCard('f4');
		expect(Reservation.parse(old).fee).toBeNull();
	});
});

describe('storage joins the fee', () => {
	it('adds prepaid storage and accrued daily storage; final only once settled', () => {
		const r = firedCard('s1', { addOns: { prepaidStorageRequested: true } });
		const billing = {
			...r.storageBilling!,
			accruedCost: 4.35,
			billedDays: 1,
			status: 'billing' as const
		};
		const s = feeSummary({ ...r, storageBilling: billing })!;
		expect(s.charges.map((c) => [c.kind, c.minor, c.final])).toEqual([
			['firing', 1300, true],
			['prepaid_storage', 1500, true],
			['storage', 435, false]
		]);
		expect(s).toMatchObject({ totalMinor: 3235, paidMinor: 0, dueMinor: 3235, settled: false });
		const settled = feeSummary({ ...r, storageBilling: { ...billing, status: 'settled' } })!;
		expect(settled.settled).toBe(false); // final but unpaid
	});

	it('before firing there is nothing to show', () => {
		expect(feeSummary(intake('s2'))).toBeNull();
	});

	it('paid covers what was owed when marked; later storage stays due', () => {
		const r = firedCard('s3');
		const paid = run(r, [paidAction(1300)]);
		expect(paid.fee).toMatchObject({ paidMinor: 1300, paidByUid: 'staff-sam', paidAt: T0 });
		expect(feeSummary(paid)).toMatchObject({ totalMinor: 1300, paidMinor: 1300, dueMinor: 0 });
		const later = {
			...paid,
			storageBilling: {
				...r.storageBilling!,
				accruedCost: 3,
				billedDays: 1,
				status: 'settled' as const
			}
		};
		expect(feeSummary(later)).toMatchObject({ totalMinor: 1600, paidMinor: 1300, dueMinor: 300 });
	});
});

const paidAction = (amountMinor: number) =>
	({ type: 'reservation.fee_paid', payload: { action: 'mark_paid', amountMinor } }) as const;

describe('mark paid (a staff action; no payment is processed)', () => {
	it('records the amount, who and when, with one history row', () => {
		const r = firedCard('p1');
		const out = must(act(r, paidAction(1300), { uid: 'staff-kim' }));
		expect(out.reservation.fee).toMatchObject({ paidMinor: 1300, paidByUid: 'staff-kim' });
		expect(out.reservation.stageHistory.at(-1)).toMatchObject({ reason: 'fee_marked_paid' });
		expect(out.reservation.fieldVersions.fee).toBe(out.reservation.version);
		expect(out.reservation.stageStatus).toEqual(r.stageStatus);
	});

	it('a part payment leaves the rest due', () => {
		const r = run(firedCard('p2'), [paidAction(500)]);
		expect(feeSummary(r)).toMatchObject({ totalMinor: 1300, paidMinor: 500, dueMinor: 800 });
	});

	it('refuses unfired work and more than is owed; the same amount again is a noop', () => {
		expect(act(intake('p3'), paidAction(100))).toMatchObject({ ok: false, code: 'conflict' });
		const r = firedCard('p4');
		expect(act(r, paidAction(1301))).toMatchObject({ ok: false, code: 'conflict' });
		const paid = run(r, [paidAction(1300)]);
		expect(must(act(paid, paidAction(1300))).noop).toBe(true);
	});

	it('clearing the mark needs a reason and restores what is due', () => {
		const paid = run(firedCard('p5'), [paidAction(1300)]);
		const clear = (reason: string) =>
			act(paid, { type: 'reservation.fee_paid', payload: { action: 'clear_paid', reason } });
		expect(() => clear('')).toThrow();
		const cleared = must(clear('Card payment declined')).reservation;
		expect(cleared.fee).toMatchObject({ paidMinor: null, paidAt: null, paidByUid: null });
		expect(feeSummary(cleared)?.dueMinor).toBe(1300);
	});
});

describe('monthly statement', () => {
	const march = firedCard('m1', {}, '2026-03-05T10:00:00.000Z');
	const marchLate = firedCard('m2', { firingType: 'bisque' }, '2026-03-31T23:30:00.000Z');
	const other = firedCard(
		'm3',
		{ ownerUid: 'cust-2', customerName: 'Ben Glaze' },
		'2026-03-06T10:00:00.000Z'
	);
	const unfired = intake('m4');

	it('lists the customer’s firings in the studio month with totals', () => {
		const s = monthlyStatement([march, marchLate, other, unfired], 'cust-1', '2026-03', 'UTC');
		expect(s.lines.map((l) => l.reservationId)).toEqual(['m1', 'm2']);
		expect(s).toMatchObject({ totalMinor: 2300, paidMinor: 0, dueMinor: 2300, currency: 'GBP' });
	});

	it('months are studio days: 23:30 UTC on 31 March is April in Berlin', () => {
		const s = monthlyStatement([march, marchLate], 'cust-1', '2026-03', 'Europe/Berlin');
		expect(s.lines.map((l) => l.reservationId)).toEqual(['m1']);
		expect(monthlyStatement([marchLate], 'cust-1', '2026-04', 'Europe/Berlin').lines).toHaveLength(
			1
		);
	});

	it('indexes customers with fees in the month', () => {
		expect(statementCustomers([march, other, unfired], '2026-03', 'UTC')).toEqual([
			{ ownerUid: 'cust-1', customerName: 'Ada Potter' },
			{ ownerUid: 'cust-2', customerName: 'Ben Glaze' }
		]);
	});

	it('CSV: one row per charge plus totals, formula-looking names neutralised', () => {
		const evil = firedCard('=HYPERLINK("x")', {}, '2026-03-07T10:00:00.000Z');
		const s = monthlyStatement([march, evil], 'cust-1', '2026-03', 'UTC');
		const rows = parseCsv(toCsv(STATEMENT_COLUMNS, statementRows(s)));
		expect(rows[0]).toEqual([...STATEMENT_COLUMNS]);
		expect(rows[1]).toEqual([
			'm1',
			march.fee!.computedAt,
			'glaze',
			'2',
			'Firing',
			'13.00',
			'GBP',
			'true'
		]);
		expect(rows[2][0]).toBe(`'=HYPERLINK("x")`);
		expect(rows.slice(-3).map((r) => [r[4], r[5]])).toEqual([
			['Total', '26.00'],
			['Paid', '0.00'],
			['Due', '26.00']
		]);
	});
});

describe('continuity export', () => {
	it('the owner’s bundle carries each reservation’s fee, paid and due (null before firing)', () => {
		const fired = run(firedCard('x1'), [paidAction(500)]);
		const rows = buildDatasets({
			ownerUid: 'cust-1',
			reservations: [fired, intake('x2')],
			notifications: [],
			fairnessAudit: [],
			storageAudit: []
		}).reservations;
		const byId = new Map(rows.map((r) => [r.reservationId, r]));
		expect(byId.get('x1')).toMatchObject({
			feeCurrency: 'GBP',
			feeFiringMinor: 1300,
			feeTotalMinor: 1300,
			feePaidMinor: 500,
			feeDueMinor: 800,
			feeComputedAt: T0,
			feePaidAt: T0
		});
		expect(byId.get('x2')).toMatchObject({ feeTotalMinor: null, feeCurrency: null });
	});
});
