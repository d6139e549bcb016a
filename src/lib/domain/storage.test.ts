import { describe, expect, it } from 'vitest';
import type { Reservation } from './reservation';
import { evaluateStorage, storageRisk } from './storage';
import { billingAt, reminderDays, seedBilling } from './storage-policy';
import { act, confirm, intake, load, must, run, T0 } from '../../testing/domain/fixtures';

const READY = '2026-03-01T00:00:00.000Z';
const atDays = (d: number) => new Date(Date.parse(READY) + d * 86400000).toISOString();

function readyCard(prepaid = false): Reservation {
	return run(
		intake('res-s', {
			estimatedHalfShelves: 3,
			assignedStationId: 'studio-kiln-a',
			addOns: { prepaidStorageRequested: prepaid }
		}),
		[confirm, load('loaded')],
		{ now: READY }
	);
}

/** Evaluates at each instant in turn, like the hourly job would. */
function walk(r: Reservation, instants: string[]) {
	let cur = r;
	const all = instants.map((t) => {
		const ev = evaluateStorage(cur, t, 'UTC');
		cur = ev.reservation;
		return ev;
	});
	return { card: cur, runs: all };
}

describe('billing', () => {
	it('3 half-shelves ready 03-01: 1 day $4.50 on 03-21T06:00, reclaimed after 28 days $126 on 04-17T06:00', () => {
		const b = seedBilling(readyCard(), READY, 'UTC');
		expect(b).toMatchObject({
			graceEndsAt: '2026-03-20T06:00:00.000Z',
			billingEndsAt: '2026-04-17T06:00:00.000Z'
		});
		expect(billingAt(b, '2026-03-21T06:00:00.000Z', 'UTC')).toMatchObject({
			billedDays: 1,
			accruedCost: 4.5,
			status: 'billing'
		});
		expect(billingAt(b, '2026-04-17T06:00:00.000Z', 'UTC')).toMatchObject({
			billedDays: 28,
			accruedCost: 126,
			status: 'reclaimed',
			reclaimedAt: '2026-04-17T06:00:00.000Z'
		});
		expect(billingAt(b, '2026-05-30T00:00:00.000Z', 'UTC')).toMatchObject({
			billedDays: 28,
			accruedCost: 126
		});
		expect(billingAt(b, '2026-03-21T05:59:59.999Z', 'UTC').billedDays).toBe(0);
	});

	it('prepaid storage covers 4 weeks: grace on 03-28T06:00, 1 billed day on 03-30T06:00', () => {
		const b = seedBilling(readyCard(true), READY, 'UTC');
		expect(billingAt(b, '2026-03-28T06:00:00.000Z', 'UTC')).toMatchObject({
			status: 'grace',
			billedDays: 0
		});
		expect(billingAt(b, '2026-03-30T06:00:00.000Z', 'UTC')).toMatchObject({
			status: 'billing',
			billedDays: 1
		});
		expect(reminderDays(readyCard(true)).map((d) => Math.round(d * 100) / 100)).toEqual([
			20.36, 25.45, 28
		]);
	});
});

describe('evaluateStorage', () => {
	it('does nothing before day 14 (apart from nothing to miss)', () => {
		const r = readyCard();
		const ev = evaluateStorage(r, atDays(13.9), 'UTC');
		expect(ev.changed).toBe(false);
		expect(ev.reservation).toBe(r);
	});

	it('sends reminder 1 at day 14, and auto-misses the default window after its last studio day', () => {
		// Ready 03-01 00:00 UTC: the window runs to the end of 03-15 (studio day), so day 14.01 only reminds.
		const early = evaluateStorage(readyCard(), atDays(14.01), 'UTC');
		expect(early.reservation.pickupWindow).toMatchObject({
			status: 'open',
			confirmedEnd: '2026-03-15T23:59:59.999Z'
		});
		expect(early.notices.map((n) => n.kind)).toEqual(['pickup_reminder_1', 'reminder_pending']);
		const ev = evaluateStorage(readyCard(), atDays(15.01), 'UTC');
		expect(ev.reservation.pickupReminderCount).toBe(1);
		expect(ev.reservation.storageStatus).toBe('reminder_pending');
		expect(ev.reservation.pickupWindow).toMatchObject({ status: 'missed', missedCount: 1 });
		expect(ev.notices.map((n) => n.kind)).toEqual([
			'pickup_window_missed',
			'pickup_reminder_1',
			'reminder_pending'
		]);
		expect(ev.audit.map((a) => a.action)).toEqual([
			'pickup_window_missed',
			'pickup_reminder_enqueued',
			'storage_status_transition'
		]);
		expect(ev.notifications).toHaveLength(1);
		expect(ev.reservation.version).toBe(readyCard().version + 1);
		expect(ev.reservation.fieldVersions.storage).toBe(ev.reservation.version);
	});

	it('is idempotent: evaluating twice at the same instant adds nothing', () => {
		const once = evaluateStorage(readyCard(), atDays(18), 'UTC');
		const twice = evaluateStorage(once.reservation, atDays(18), 'UTC');
		expect(twice.changed).toBe(false);
		expect(twice.notices).toEqual([]);
		expect(twice.audit).toEqual([]);
		expect(twice.notifications).toEqual([]);
	});

	it('walks reminders 1-3, hold with 0 billed days at 03-20T06:00, then billing and reclaim', () => {
		const { card, runs } = walk(readyCard(), [
			atDays(14),
			atDays(17.5),
			'2026-03-20T06:00:00.000Z',
			'2026-03-21T06:00:00.000Z',
			'2026-04-17T06:00:00.000Z',
			'2026-04-20T00:00:00.000Z'
		]);
		expect(runs[1].reservation.pickupReminderCount).toBe(2);
		expect(runs[2].reservation).toMatchObject({
			pickupReminderCount: 3,
			storageStatus: 'hold_pending',
			storageBilling: { billedDays: 0, status: 'billing' }
		});
		expect(runs[3].reservation.storageBilling).toMatchObject({ billedDays: 1, accruedCost: 4.5 });
		expect(runs[4].reservation).toMatchObject({
			storageStatus: 'stored_by_policy',
			isArchived: true,
			archivedAt: '2026-04-17T06:00:00.000Z',
			storageBilling: { billedDays: 28, accruedCost: 126, status: 'reclaimed' }
		});
		expect(runs[5].changed).toBe(false);
		expect(
			card.storageNoticeHistory
				.filter((n) => n.kind.startsWith('pickup_reminder_'))
				.map((n) => n.kind)
		).toEqual(['pickup_reminder_1', 'pickup_reminder_2', 'pickup_reminder_3']);
		const ids = runs.flatMap((r) => r.notifications.map((n) => n.id));
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('catches up with one notice when first run late', () => {
		const ev = evaluateStorage(readyCard(), atDays(19), 'UTC');
		expect(ev.reservation.pickupReminderCount).toBe(2);
		expect(ev.notices.filter((n) => n.kind.startsWith('pickup_reminder_'))).toHaveLength(1);
	});

	it('leaves prepaid work alone at day 19.25', () => {
		const ev = evaluateStorage(readyCard(true), atDays(19.25), 'UTC');
		expect(ev.reservation.storageStatus).not.toBe('hold_pending');
		expect(ev.reservation.storageBilling?.status).toBe('grace');
		expect(ev.reservation.pickupReminderCount).toBe(0);
	});

	it('skips picked-up, cancelled and not-loaded work', () => {
		const picked = run(
			readyCard(),
			[{ type: 'reservation.pickup_window', payload: { action: 'staff_mark_completed' } }],
			{ now: atDays(3) }
		);
		expect(evaluateStorage(picked, atDays(40), 'UTC').changed).toBe(false);
		const cancelled = run(readyCard(), [
			{
				type: 'reservation.status',
				payload: { status: 'CANCELLED', staffNotes: 'Customer withdrew' }
			}
		]);
		expect(evaluateStorage(cancelled, atDays(40), 'UTC').changed).toBe(false);
		expect(evaluateStorage(intake('q'), atDays(40), 'UTC').changed).toBe(false);
	});

	it('keeps storage untouched on a staff miss, then bills from the ready date', () => {
		const missed = must(
			act(
				readyCard(),
				{ type: 'reservation.pickup_window', payload: { action: 'staff_mark_missed' } },
				{ now: atDays(15) }
			)
		).reservation;
		expect(
			evaluateStorage(missed, '2026-03-21T06:00:00.000Z', 'UTC').reservation.storageBilling
				?.billedDays
		).toBe(1);
	});
});

describe('storageRisk', () => {
	it('grows from none to watch, billing and reclaimed', () => {
		const r = readyCard();
		expect(storageRisk(r, atDays(1), 'UTC')).toMatchObject({ level: 'none', atRisk: false });
		const reminded = walk(r, [atDays(14), atDays(17.5)]).card;
		expect(storageRisk(reminded, atDays(18), 'UTC')).toMatchObject({
			level: 'watch',
			atRisk: true
		});
		expect(storageRisk(r, '2026-03-22T06:00:00.000Z', 'UTC')).toMatchObject({
			level: 'billing',
			billedDays: 2,
			accruedCost: 9
		});
		expect(storageRisk(r, '2026-04-18T00:00:00.000Z', 'UTC')).toMatchObject({ level: 'reclaimed' });
		expect(storageRisk(intake('x'), T0, 'UTC').level).toBe('none');
	});
});
