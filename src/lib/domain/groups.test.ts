import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ACTION_TYPES, isRecordAction, type Action, type ActionType } from './actions';
import { ACTION_GROUPS, APPEND_ONLY_GROUPS, staleGroups } from './groups';
import { FieldGroup, type Reservation } from './reservation';
import { evaluateStorage } from './storage';
import {
	act,
	assign,
	confirm,
	intake,
	load,
	must,
	run,
	T0,
	TEST_PRICES
} from '../../testing/domain/fixtures';

type In = z.input<typeof Action>;
const later = '2026-03-20T00:00:00.000Z';
const status = (s: string, staffNotes: string | null = null) =>
	({
		type: 'reservation.status',
		payload: {
			status: s,
			staffNotes,
			expectation: s === 'WAITLISTED' ? { kind: 'tbd', reason: 'Kiln is full' } : null
		}
	}) as In;
const fair = (payload: Record<string, unknown>) =>
	({ type: 'reservation.queue_fairness', payload }) as In;

/** Representative valid actions of every type, each from a card where it applies. */
function cases(): { name: string; before: Reservation | null; action: In; now?: string }[] {
	const req = intake('grp', { estimatedHalfShelves: 2 });
	const conf = run(req, [confirm]);
	const placed = run(conf, [assign('kiln-a')]);
	const loaded = run(placed, [load('loaded')]);
	const cancelled = run(req, [status('CANCELLED', 'Customer withdrew')]);
	const held = run(conf, [
		{ type: 'reservation.safety_hold', payload: { hold: true, reason: 'Too tall' } }
	]);
	const boosted = run(conf, [
		fair({ action: 'set_override_boost', reason: 'Studio error', boostPoints: 3 })
	]);
	return [
		{
			name: 'intake',
			before: null,
			action: { type: 'reservation.intake', payload: { ownerUid: 'c', customerName: 'Bo' } }
		},
		{ name: 'status confirm', before: req, action: confirm },
		{ name: 'status waitlist with a note', before: req, action: status('WAITLISTED', 'Full') },
		{ name: 'status cancel with a note', before: conf, action: status('CANCELLED', 'Withdrew') },
		{
			name: 'note',
			before: conf,
			action: { type: 'reservation.note', payload: { staffNotes: 'Hi' } }
		},
		{ name: 'load loading', before: placed, action: load('loading') },
		{ name: 'load loaded (starts the pickup clock)', before: placed, action: load('loaded') },
		{ name: 'assign station', before: conf, action: assign('kiln-a') },
		{
			name: 'pickup open window',
			before: loaded,
			action: {
				type: 'reservation.pickup_window',
				payload: {
					action: 'staff_set_open_window',
					confirmedStart: '2026-03-21T10:00:00.000Z',
					confirmedEnd: '2026-03-21T12:00:00.000Z'
				}
			},
			now: later
		},
		{
			name: 'pickup missed',
			before: loaded,
			action: { type: 'reservation.pickup_window', payload: { action: 'staff_mark_missed' } },
			now: later
		},
		{
			name: 'pickup completed',
			before: loaded,
			action: { type: 'reservation.pickup_window', payload: { action: 'staff_mark_completed' } },
			now: later
		},
		{
			name: 'fairness no-show',
			before: conf,
			action: fair({ action: 'record_no_show', reason: 'No show', evidence: 'staff_note' })
		},
		{
			name: 'fairness late arrival',
			before: conf,
			action: fair({ action: 'record_late_arrival', reason: 'Late', evidence: 'staff_note' })
		},
		{
			name: 'fairness boost',
			before: conf,
			action: fair({ action: 'set_override_boost', reason: 'Studio error', boostPoints: 2 })
		},
		{
			name: 'fairness clear',
			before: boosted,
			action: fair({ action: 'clear_override', reason: 'Resolved' })
		},
		{
			name: 'arrival check in',
			before: conf,
			action: { type: 'reservation.arrival', payload: { action: 'check_in' } }
		},
		{
			name: 'arrival reissue',
			before: conf,
			action: { type: 'reservation.arrival', payload: { action: 'reissue_code' } }
		},
		{
			name: 'safety hold on',
			before: conf,
			action: { type: 'reservation.safety_hold', payload: { hold: true, reason: 'Too tall' } }
		},
		{
			name: 'safety hold off',
			before: held,
			action: { type: 'reservation.safety_hold', payload: { hold: false, reason: 'Trimmed' } }
		},
		{
			name: 'escalate',
			before: conf,
			action: { type: 'reservation.escalate', payload: { staffNotes: 'Late', reason: 'Kiln down' } }
		},
		{
			name: 'fee paid',
			before: run(placed, [load('loaded')], { prices: TEST_PRICES }),
			action: { type: 'reservation.fee_paid', payload: { action: 'mark_paid', amountMinor: 500 } }
		},
		{
			name: 'reactivate',
			before: cancelled,
			action: {
				type: 'reservation.reactivate',
				payload: { newReservationId: 'grp-2', reason: 'Asked again' }
			}
		}
	];
}

/** Groups whose version an applied action moved. */
const touched = (before: Reservation | null, after: Reservation) =>
	FieldGroup.options.filter((g) => before?.fieldVersions[g] !== after.fieldVersions[g]);

/** The same card after another kiosk added a note (appended at a later version). */
function withOthersNote(r: Reservation): Reservation {
	return must(
		act(
			r,
			{ type: 'reservation.note', payload: { staffNotes: 'Kiosk E was here' } },
			{
				requestId: 'dev_kioskE:7',
				uid: 'staff-e'
			}
		)
	).reservation;
}

describe('ACTION_GROUPS', () => {
	it('covers every action type, station actions included (they write no card group)', () => {
		const covered = new Set(cases().map((c) => c.action.type));
		expect([...covered].sort()).toEqual(
			ACTION_TYPES.filter((t) => !isRecordAction({ type: t })).sort()
		);
		expect(Object.keys(ACTION_GROUPS).sort()).toEqual([...ACTION_TYPES].sort());
		expect(ACTION_GROUPS['station.availability']).toEqual({ writes: [], dependsOn: [] });
		// Firing steps are never stale: they settle each card's load from the current copy.
		expect(ACTION_GROUPS['firing.step'].dependsOn).toEqual([]);
	});

	it.each(ACTION_TYPES)(
		'%s: overwrites only groups it depends on (append-only groups aside)',
		(type) => {
			const { writes, dependsOn, settles = [] } = ACTION_GROUPS[type as ActionType];
			const overwritten = writes.filter(
				(g) => !APPEND_ONLY_GROUPS.includes(g) && !settles.includes(g)
			);
			for (const g of overwritten) expect(dependsOn, `${type} overwrites ${g}`).toContain(g);
		}
	);

	for (const c of cases()) {
		it(`${c.name}: touches only groups it declares it writes`, () => {
			const out = must(act(c.before, c.action, { now: c.now ?? T0 }));
			expect(out.noop).toBe(false);
			const declared = ACTION_GROUPS[c.action.type].writes;
			for (const g of touched(c.before, out.reservation))
				expect(declared, `${c.name} touched ${g}`).toContain(g);
		});

		if (!c.before) continue;
		it(`${c.name}: keeps another kiosk's note added after its base version`, () => {
			const theirs = withOthersNote(c.before!);
			const out = must(act(theirs, c.action, { now: c.now ?? T0 }));
			expect(out.reservation.staffNotes.slice(0, theirs.staffNotes.length)).toEqual(
				theirs.staffNotes
			);
			// And that note never makes this action stale: notes are append-only.
			expect(staleGroups(c.action.type, ['notes'])).toEqual([]);
		});
	}
});

describe('settled groups', () => {
	it('pickup completion settles storage from the current record: an evaluator notice written after the kiosk acted survives', () => {
		const loaded = run(
			intake('grp-s', { estimatedHalfShelves: 2, assignedStationId: 'studio-kiln-a' }),
			[confirm, load('loaded')]
		);
		// The server's storage evaluator (another writer) moved storage on since the kiosk's copy.
		const evaluated = evaluateStorage(loaded, '2026-12-20T10:00:00.000Z', 'UTC').reservation;
		expect(evaluated.storageNoticeHistory.length).toBeGreaterThan(
			loaded.storageNoticeHistory.length
		);
		const done = must(
			act(
				evaluated,
				{ type: 'reservation.pickup_window', payload: { action: 'staff_mark_completed' } },
				{ now: '2026-12-21T10:00:00.000Z' }
			)
		).reservation;
		expect(done.storageNoticeHistory.slice(0, evaluated.storageNoticeHistory.length)).toEqual(
			evaluated.storageNoticeHistory
		);
		expect(ACTION_GROUPS['reservation.pickup_window'].settles).toContain('storage');
		expect(staleGroups('reservation.pickup_window', ['storage'])).toEqual([]);
	});
});

describe('staleGroups', () => {
	it('is stale only on groups the action depends on', () => {
		expect(staleGroups('reservation.status', ['notes', 'station'])).toEqual([]);
		expect(staleGroups('reservation.status', ['status', 'notes'])).toEqual(['status']);
		expect(staleGroups('reservation.load', ['pickup', 'load', 'load'])).toEqual(['load', 'pickup']);
		expect(staleGroups('reservation.intake', ['status'])).toEqual([]);
	});
});

describe('staff notes are append-only', () => {
	it('two kiosks from the same base: a no-show line and a waitlist note both survive', () => {
		const base = run(intake('two', { estimatedHalfShelves: 1 }), [confirm]);
		const e = must(
			act(
				base,
				fair({ action: 'record_no_show', reason: 'Missed drop-off', evidence: 'staff_note' }),
				{
					requestId: 'dev_E:1'
				}
			)
		).reservation;
		const d = must(
			act(e, status('WAITLISTED', 'Kiln full, call Friday'), {
				requestId: 'dev_D:1',
				uid: 'staff-d'
			})
		).reservation;
		expect(d.staffNotes.map((n) => [n.text, n.source])).toEqual([
			['[fairness:record_no_show] Missed drop-off', 'fairness:record_no_show'],
			['Kiln full, call Friday', 'reservation.status']
		]);
		expect(d.staffNotes[1]).toMatchObject({ byUid: 'staff-d', at: T0, id: 'dev_D:1:1' });
	});
});
