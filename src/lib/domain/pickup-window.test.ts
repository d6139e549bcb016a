import { describe, expect, it } from 'vitest';
import { evaluateStorage } from './storage';
import { act, confirm, intake, load, must, run, T0 } from '../../testing/domain/fixtures';

const at = (days: number) => new Date(Date.parse(T0) + days * 86400000).toISOString();
const loaded = () =>
	run(
		intake('res-p', { estimatedHalfShelves: 2, assignedStationId: 'studio-kiln-a' }),
		[confirm, load('loaded')],
		{ now: T0 }
	);
const open = (start: string, end: string, force = false) =>
	({
		type: 'reservation.pickup_window',
		payload: { action: 'staff_set_open_window', confirmedStart: start, confirmedEnd: end, force }
	}) as const;
const missed = {
	type: 'reservation.pickup_window',
	payload: { action: 'staff_mark_missed' }
} as const;
const completed = {
	type: 'reservation.pickup_window',
	payload: { action: 'staff_mark_completed' }
} as const;

describe('pickup window', () => {
	it('opens a valid range with a notice and a history row; same range again is a noop', () => {
		const r = loaded();
		const out = must(act(r, open(at(1), at(3)), { now: at(1) }));
		expect(out.reservation.pickupWindow).toMatchObject({
			status: 'open',
			confirmedStart: at(1),
			confirmedEnd: at(3)
		});
		expect(out.reservation.storageNoticeHistory.at(-1)?.kind).toBe('pickup_window_opened');
		expect(out.reservation.stageHistory.at(-1)?.reason).toBe('pickup_window_opened');
		expect(out.reservation.stageStatus).toEqual(r.stageStatus);
		expect(out.effects.notifications.map((n) => n.kind)).toEqual(['pickup_window']);
		expect(must(act(out.reservation, open(at(1), at(3)))).noop).toBe(true);
		expect(act(r, open(at(3), at(1)))).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('needs loaded work unless a supervisor forces it', () => {
		const c = run(intake('c'), [confirm]);
		expect(act(c, open(at(1), at(2)))).toMatchObject({ ok: false, code: 'conflict' });
		expect(act(c, open(at(1), at(2), true))).toMatchObject({ ok: false, code: 'permission' });
		expect(
			must(act(c, open(at(1), at(2), true), { role: 'supervisor' })).reservation.pickupWindow
				?.status
		).toBe('open');
	});

	it('marks missed only once the window ended, keeping storage clock and billing', () => {
		const r = loaded();
		expect(act(r, missed, { now: at(5) })).toMatchObject({ ok: false, code: 'conflict' });
		const out = must(act(r, missed, { now: at(15) }));
		expect(out.reservation.pickupWindow).toMatchObject({
			status: 'missed',
			missedCount: 1,
			lastMissedAt: at(15)
		});
		expect(out.reservation.readyForPickupAt).toBe(r.readyForPickupAt);
		expect(out.reservation.storageBilling).toEqual(r.storageBilling);
		expect(out.reservation.storageStatus).toBe('active');
		expect(out.effects.storageAudit.map((a) => a.action)).toEqual(['pickup_window_missed']);
		expect(must(act(out.reservation, missed, { now: at(16) })).noop).toBe(true);
	});

	it('completes once, recording dwell since arrival and the picked_up stage', () => {
		const c = run(
			intake('d', { estimatedHalfShelves: 2, assignedStationId: 'studio-kiln-a' }),
			[confirm],
			{
				now: T0
			}
		);
		const arrived = run(c, [{ type: 'reservation.arrival', payload: { action: 'check_in' } }], {
			now: at(1)
		});
		const r = run(arrived, [load('loaded')], { now: at(2) });
		const out = must(act(r, completed, { now: at(4) }));
		expect(out.reservation.crateDwellMs).toBe(3 * 86400000);
		expect(out.reservation.crateCheckedOutAt).toBe(at(4));
		expect(out.reservation.pickupWindow?.status).toBe('completed');
		expect(out.reservation.stageStatus.stage).toBe('picked_up');
		expect(out.reservation.stageHistory.at(-1)).toMatchObject({
			reason: 'pickup_window_completed',
			toStage: 'picked_up'
		});
		expect(must(act(out.reservation, completed, { now: at(5) })).noop).toBe(true);
		expect(act(out.reservation, open(at(6), at(7)))).toMatchObject({ ok: false, code: 'conflict' });
	});

	it('is refused on cancelled work', () => {
		const x = run(loaded(), [
			{
				type: 'reservation.status',
				payload: { status: 'CANCELLED', staffNotes: 'Customer withdrew' }
			}
		]);
		expect(act(x, completed)).toMatchObject({ ok: false, code: 'conflict' });
	});
});

describe('pickup settles storage', () => {
	it('picking up billed work stops billing at checkout, with billed days counted to the pickup time', () => {
		const r = loaded();
		const billed = evaluateStorage(r, at(22), 'UTC').reservation;
		expect(billed.storageStatus).toBe('hold_pending');
		expect(billed.storageBilling).toMatchObject({ status: 'billing', billedDays: 2 });
		const out = must(act(billed, completed, { now: at(25) }));
		const done = out.reservation;
		expect(done.storageStatus).toBe('picked_up');
		// 19.25 days covered, so 5 whole billed days by day 25 (the evaluator last saw 2).
		expect(done.storageBilling).toMatchObject({
			status: 'settled',
			billedDays: 5,
			accruedCost: 15,
			reclaimedAt: null
		});
		expect(done.fieldVersions.storage).toBe(done.version);
		expect(out.effects.storageAudit.map((a) => a.action)).toContain('storage_settled');
		expect(out.effects.notifications.at(-1)?.body).toContain(
			'Billed storage at pickup: 5 day(s), $15.00.'
		);
		// Nothing accrues afterwards: the evaluator leaves settled work alone.
		expect(evaluateStorage(done, at(40), 'UTC').changed).toBe(false);
	});

	it('picking up within covered storage settles at zero', () => {
		const done = must(act(loaded(), completed, { now: at(3) })).reservation;
		expect(done.storageStatus).toBe('picked_up');
		expect(done.storageBilling).toMatchObject({ status: 'settled', billedDays: 0, accruedCost: 0 });
	});
});
