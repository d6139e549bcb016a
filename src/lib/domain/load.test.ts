import { describe, expect, it } from 'vitest';
import { DEMO_STATIONS } from './stations';
import { act, confirm, intake, load, must, run, T0 } from '../../testing/domain/fixtures';

const confirmed = () =>
	run(intake('res-load', { estimatedHalfShelves: 3, assignedStationId: 'studio-kiln-a' }), [
		confirm
	]);
const later = (days: number) => new Date(Date.parse(T0) + days * 86400000).toISOString();

describe('load progression', () => {
	it('queued → loading → loaded writes one history row each and moves stageStatus', () => {
		let r = confirmed();
		for (const [to, reason] of [
			['loading', 'reservation_loading_start'],
			['loaded', 'reservation_loaded']
		] as const) {
			const before = r;
			r = must(act(r, load(to))).reservation;
			expect(r.stageHistory).toHaveLength(before.stageHistory.length + 1);
			expect(r.stageHistory.at(-1)).toMatchObject({
				fromLoadStatus: before.loadStatus,
				toLoadStatus: to,
				reason,
				toStage: to
			});
			expect(r.stageStatus).toMatchObject({ stage: to, reason });
			expect(r.fieldVersions.load).toBe(r.version);
		}
	});

	it('allows "Mark loaded" straight from queued', () => {
		expect(must(act(confirmed(), load('loaded'))).reservation.loadStatus).toBe('loaded');
	});

	it('refuses cancelled work, unconfirmed work, held work and loaded → loading', () => {
		const cancelled = run(intake('x'), [
			{
				type: 'reservation.status',
				payload: { status: 'CANCELLED', staffNotes: 'Customer withdrew' }
			}
		]);
		expect(act(cancelled, load('loading'))).toMatchObject({ ok: false, code: 'conflict' });
		expect(act(intake('y'), load('loading'))).toMatchObject({ ok: false, code: 'conflict' });
		const held = run(confirmed(), [
			{ type: 'reservation.safety_hold', payload: { hold: true, reason: 'Glaze drips on shelf' } }
		]);
		expect(act(held, load('loaded'))).toMatchObject({ ok: false, code: 'conflict' });
		const loaded = run(confirmed(), [load('loaded')]);
		expect(act(loaded, load('loading'))).toMatchObject({ ok: false, code: 'conflict' });
	});

	it('same load status again is a noop', () => {
		const loaded = run(confirmed(), [load('loaded')]);
		const out = must(act(loaded, load('loaded')));
		expect(out.noop).toBe(true);
		expect(out.reservation).toBe(loaded);
		expect(out.effects.notifications).toEqual([]);
	});

	it('a correction back to queued needs a reason', () => {
		const loaded = run(confirmed(), [load('loaded')]);
		expect(act(loaded, load('queued'))).toMatchObject({ ok: false, code: 'invalid' });
		const back = must(act(loaded, load('queued', 'Marked loaded by mistake'))).reservation;
		expect(back.stageHistory.at(-1)).toMatchObject({
			reason: 'reservation_load_corrected',
			notes: 'Marked loaded by mistake',
			toStage: 'queued'
		});
	});

	it('first loaded starts the clock once: ready time, storage, billing, window, one notice + audit + message', () => {
		const out = must(act(confirmed(), load('loaded'), { now: T0 }));
		const r = out.reservation;
		expect(r.readyForPickupAt).toBe(T0);
		expect(r.storageStatus).toBe('active');
		expect(r.storageBilling).toMatchObject({
			chargeBasisHalfShelves: 3,
			billedDays: 0,
			status: 'grace',
			graceEndsAt: '2026-03-20T06:00:00.000Z'
		});
		expect(r.pickupWindow).toMatchObject({
			status: 'open',
			confirmedStart: T0,
			// The end of the 14th studio day (the fixture zone is UTC).
			confirmedEnd: '2026-03-15T23:59:59.999Z'
		});
		expect(r.storageNoticeHistory.map((n) => n.kind)).toEqual(['pickup_ready']);
		expect(out.effects.storageAudit.map((a) => a.action)).toEqual(['pickup_ready']);
		expect(out.effects.notifications.map((n) => n.kind)).toEqual(['ready_for_pickup']);
		expect(r.pieces.every((p) => p.pieceStatus !== 'awaiting_placement')).toBe(true);
	});

	it('a correction and re-load keeps the first ready time and writes no second pickup_ready', () => {
		const first = run(confirmed(), [load('loaded')], { now: T0 });
		const back = run(first, [load('queued', 'Shelf had to be reloaded')], { now: later(1) });
		const again = must(act(back, load('loaded'), { now: later(2) }));
		expect(again.reservation.readyForPickupAt).toBe(T0);
		expect(
			again.reservation.storageNoticeHistory.filter((n) => n.kind === 'pickup_ready')
		).toHaveLength(1);
		expect(again.effects.notifications).toEqual([]);
		expect(again.effects.storageAudit).toEqual([]);
	});
});

describe('load progression needs an assigned, available station', () => {
	const noStation = () => run(intake('res-nostation', { estimatedHalfShelves: 2 }), [confirm]);

	it('refuses confirmed work with no station: no loading, no loaded, no pickup clock', () => {
		for (const to of ['loading', 'loaded'] as const) {
			const out = act(noStation(), load(to));
			expect(out).toMatchObject({ ok: false, code: 'conflict' });
			if (!out.ok) expect(out.message).toMatch(/station/i);
		}
	});

	it('refuses work on a station that is out of service, naming why', () => {
		const card = run(
			intake('res-down', { estimatedHalfShelves: 2, assignedStationId: 'studio-kiln-a' }),
			[confirm]
		);
		const stations = DEMO_STATIONS.map((s) =>
			s.id === 'studio-kiln-a' ? { ...s, available: false, unavailableReason: 'element repair' } : s
		);
		const out = act(card, load('loaded'), { stations });
		expect(out).toMatchObject({ ok: false, code: 'conflict' });
		if (!out.ok) expect(out.message).toContain('element repair');
		expect(must(act(card, load('loaded'))).reservation.readyForPickupAt).not.toBeNull();
	});

	it('a correction back to the queue is still allowed without a station', () => {
		const loaded = run(
			intake('res-fix', { estimatedHalfShelves: 2, assignedStationId: 'studio-kiln-a' }),
			[confirm, load('loaded')]
		);
		const moved = { ...loaded, assignedStationId: null };
		expect(must(act(moved, load('queued', 'Loaded by mistake'))).reservation.loadStatus).toBe(
			'queued'
		);
	});
});
