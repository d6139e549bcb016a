import { describe, expect, it } from 'vitest';
import type { Action } from './actions';
import { ACTION_TYPES, isRecordAction } from './actions';
import { applyAction } from './apply';
import { FieldGroup, Reservation } from './reservation';
import {
	act,
	confirm,
	intake,
	load,
	makeCtx,
	must,
	run,
	T0,
	TEST_PRICES
} from '../../testing/domain/fixtures';
import type { z } from 'zod';

type In = z.input<typeof Action>;
const later = '2026-03-20T00:00:00.000Z';

/** One applied action per operation type, each from a card where it is legal. */
function cases(): [string, Reservation, In, string?][] {
	const req = intake('inv', { estimatedHalfShelves: 2, assignedStationId: 'studio-kiln-a' });
	const conf = run(req, [confirm]);
	const loaded = run(conf, [load('loaded')]);
	const cancelled = run(req, [
		{
			type: 'reservation.status',
			payload: { status: 'CANCELLED', staffNotes: 'Customer withdrew' }
		}
	]);
	return [
		['status', req, confirm],
		['note', conf, { type: 'reservation.note', payload: { staffNotes: 'Check glaze' } }],
		['load', conf, load('loading')],
		[
			'assign',
			conf,
			{ type: 'reservation.assign_station', payload: { assignedStationId: 'kiln-b' } }
		],
		[
			'pickup',
			loaded,
			{ type: 'reservation.pickup_window', payload: { action: 'staff_mark_missed' } },
			later
		],
		[
			'fairness',
			conf,
			{
				type: 'reservation.queue_fairness',
				payload: { action: 'record_no_show', reason: 'No show', evidence: 'staff_note' }
			}
		],
		['arrival', conf, { type: 'reservation.arrival', payload: { action: 'check_in' } }],
		[
			'hold',
			conf,
			{ type: 'reservation.safety_hold', payload: { hold: true, reason: 'Too tall' } }
		],
		[
			'escalate',
			conf,
			{ type: 'reservation.escalate', payload: { staffNotes: 'Delayed', reason: 'Kiln down' } }
		],
		[
			'fee paid',
			run(conf, [load('loaded')], { prices: TEST_PRICES }),
			{ type: 'reservation.fee_paid', payload: { action: 'mark_paid', amountMinor: 1000 } }
		],
		[
			'reactivate',
			cancelled,
			{
				type: 'reservation.reactivate',
				payload: { newReservationId: 'inv-2', reason: 'Asked again' }
			}
		]
	];
}

describe('every applied action', () => {
	it('covers every reservation action type', () => {
		const covered = new Set(cases().map(([, , a]) => a.type));
		// Record actions (stations, firings) are not reservation actions: their own tests cover them.
		const expected = ACTION_TYPES.filter(
			(t) => t !== 'reservation.intake' && !isRecordAction({ type: t })
		);
		expect([...covered].sort()).toEqual([...expected].sort());
	});

	for (const [name, before, action, now] of cases()) {
		it(`${name}: one history row, version +1, touches a group at the new version, stays schema-valid`, () => {
			const out = must(act(before, action, { now: now ?? T0 }));
			const r = out.reservation;
			expect(out.noop).toBe(false);
			expect(r.stageHistory).toHaveLength(before.stageHistory.length + 1);
			expect(r.version).toBe(before.version + 1);
			const touched = FieldGroup.options.filter((g) => r.fieldVersions[g] === r.version);
			expect(touched.length).toBeGreaterThan(0);
			expect(Reservation.safeParse(r).success).toBe(true);
			if (out.created) expect(Reservation.safeParse(out.created).success).toBe(true);
		});

		it(`${name}: replaying with the same request id derives the same ids`, () => {
			const ctx = { now: now ?? T0, requestId: 'dev_k1:42', secret: () => 'a1b2c3d4e5f60718' };
			const a = must(act(before, action, ctx));
			const b = must(act(before, action, ctx));
			expect(b).toEqual(a);
			const ids = [
				...a.effects.notifications.map((n) => n.id),
				...a.effects.fairnessAudit.map((f) => f.evidenceId),
				...a.effects.storageAudit.map((s) => s.auditId)
			];
			for (const id of ids) expect(id).toContain('dev_k1:42');
		});
	}

	it('a noop returns the card untouched and no effects', () => {
		const conf = run(intake('n', { assignedStationId: 'studio-kiln-a' }), [
			confirm,
			load('loading')
		]);
		const out = must(
			applyAction(
				conf,
				{ type: 'reservation.load', payload: { loadStatus: 'loading', reason: null } },
				conf.id,
				makeCtx()
			)
		);
		expect(out).toMatchObject({
			noop: true,
			reservation: conf,
			effects: { notifications: [], fairnessAudit: [], storageAudit: [] }
		});
	});
});
