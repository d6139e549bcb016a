import { describe, expect, it } from 'vitest';
import {
	computeFairnessPolicy,
	EMPTY_FAIRNESS,
	fairnessPolicyAt,
	fairnessPolicyStale
} from './fairness';
import { agedCards, rankStation } from './queue';
import { act, confirm, intake, must, run, T0 } from '../../testing/domain/fixtures';

const fair = (payload: Record<string, unknown>) =>
	({ type: 'reservation.queue_fairness', payload }) as never;
const noShow = fair({
	action: 'record_no_show',
	reason: 'Did not come to drop-off',
	evidence: 'staff_note'
});
const late = fair({
	action: 'record_late_arrival',
	reason: 'Arrived 40 min late',
	evidence: 'arrival_record'
});

describe('fairness math', () => {
	const f = (o: Partial<typeof EMPTY_FAIRNESS>) => ({ ...EMPTY_FAIRNESS, ...o });
	it.each([
		[f({ noShowCount: 1 }), 2, 2, 0, ['no_show']],
		[f({ noShowCount: 2, lateArrivalCount: 1 }), 5, 5, 0, ['repeat_no_show', 'late_arrival']],
		[f({ noShowCount: 1, overrideBoost: 2 }), 2, 0, 2, ['no_show', 'staff_override_boost']],
		[
			f({ lateArrivalCount: 1, overrideBoost: 5 }),
			1,
			0,
			5,
			['late_arrival', 'staff_override_boost']
		],
		[
			f({ noShowCount: 1, overrideBoost: 2, overrideUntil: '2026-02-28T00:00:00.000Z' }),
			2,
			2,
			0,
			['no_show']
		],
		[
			f({ noShowCount: 1, overrideBoost: 2, overrideUntil: T0 }),
			2,
			0,
			2,
			['no_show', 'staff_override_boost']
		]
	])('%j → penalty %i, effective %i, applied %i', (input, penalty, effective, applied, codes) => {
		const p = computeFairnessPolicy(input, T0);
		expect(p).toMatchObject({
			penaltyPoints: penalty,
			effectivePenaltyPoints: effective,
			overrideBoostApplied: applied,
			reasonCodes: codes,
			policyVersion: '2026-02-24.v1',
			computedAt: T0
		});
	});
});

describe('fairness actions', () => {
	const card = () => run(intake('res-f'), [confirm]);

	it('record_no_show adds 2 points and writes linked evidence, a note line and a history row', () => {
		const r = card();
		const out = must(act(r, noShow, { requestId: 'dev_k1:7', uid: 'staff-sam' }));
		const n = out.reservation;
		expect(n.queueFairness.noShowCount).toBe(1);
		expect(n.queueFairnessPolicy.effectivePenaltyPoints).toBe(2);
		expect(n.queueFairness.lastEvidenceId).toBe('fairness:dev_k1:7:res-f');
		expect(out.effects.fairnessAudit).toHaveLength(1);
		expect(out.effects.fairnessAudit[0]).toMatchObject({
			evidenceId: n.queueFairness.lastEvidenceId,
			action: 'record_no_show',
			evidence: 'staff_note',
			requestId: 'dev_k1:7',
			previousQueueFairness: r.queueFairness
		});
		expect(n.staffNotes.map((e) => e.text)).toEqual([
			'[fairness:record_no_show] Did not come to drop-off'
		]);
		expect(n.stageHistory.at(-1)).toMatchObject({
			reason: 'queue_fairness_no_show_recorded',
			notes: 'Did not come to drop-off'
		});
		expect(n.stageStatus).toEqual(r.stageStatus);
		expect(n.fieldVersions.fairness).toBe(n.version);
	});

	it('the same request replayed yields the same evidence id', () => {
		const a = must(act(card(), noShow, { requestId: 'dev_k1:9' }));
		const b = must(act(card(), noShow, { requestId: 'dev_k1:9' }));
		expect(a.effects.fairnessAudit[0].evidenceId).toBe(b.effects.fairnessAudit[0].evidenceId);
	});

	it('late arrival (+1) with an arrival record; override boost with expiry; clear keeps counts', () => {
		let r = must(act(card(), late)).reservation;
		expect(r.queueFairnessPolicy.penaltyPoints).toBe(1);
		r = run(r, [noShow]);
		expect(r.queueFairnessPolicy.effectivePenaltyPoints).toBe(3);
		r = run(r, [
			fair({
				action: 'set_override_boost',
				reason: 'Studio error on the date',
				boostPoints: 2,
				overrideUntil: '2026-03-05T00:00:00.000Z'
			})
		]);
		expect(r.queueFairnessPolicy).toMatchObject({
			effectivePenaltyPoints: 1,
			overrideBoostApplied: 2
		});
		expect(
			computeFairnessPolicy(r.queueFairness, '2026-03-06T00:00:00.000Z').effectivePenaltyPoints
		).toBe(3);
		r = run(r, [fair({ action: 'clear_override', reason: 'Resolved with the member' })]);
		expect(r.queueFairness).toMatchObject({
			noShowCount: 1,
			lateArrivalCount: 1,
			overrideBoost: 0,
			overrideUntil: null
		});
		expect(r.staffNotes).toHaveLength(4);
	});

	it('requires a reason and real evidence; refuses a past expiry and cancelled work', () => {
		expect(() =>
			act(card(), fair({ action: 'record_no_show', reason: '', evidence: 'staff_note' }))
		).toThrow();
		expect(() => act(card(), fair({ action: 'record_no_show', reason: 'No show' }))).toThrow();
		expect(
			act(card(), fair({ action: 'record_no_show', reason: 'No show', evidence: 'pickup_miss' }))
		).toMatchObject({ ok: false, code: 'invalid' });
		expect(act(intake('q'), late)).toMatchObject({ ok: false, code: 'invalid' });
		expect(
			act(
				card(),
				fair({
					action: 'set_override_boost',
					reason: 'Make good',
					boostPoints: 3,
					overrideUntil: '2026-02-01T00:00:00.000Z'
				})
			)
		).toMatchObject({ ok: false, code: 'invalid' });
		expect(() =>
			act(card(), fair({ action: 'set_override_boost', reason: 'Too much', boostPoints: 21 }))
		).toThrow();
		const x = run(card(), [
			{
				type: 'reservation.status',
				payload: { status: 'CANCELLED', staffNotes: 'Customer withdrew' }
			}
		]);
		expect(act(x, noShow)).toMatchObject({ ok: false, code: 'conflict' });
	});

	it('appends its [fairness:…] line as a new staff note entry, keeping earlier ones', () => {
		const withNote = run(card(), [
			{ type: 'reservation.note', payload: { staffNotes: 'Fragile' } }
		]);
		const out = act(withNote, noShow);
		if (!out.ok) throw new Error(out.message);
		expect(out.reservation.staffNotes.map((n) => [n.text, n.source])).toEqual([
			['Fragile', 'reservation.note'],
			[`[fairness:record_no_show] Did not come to drop-off`, 'fairness:record_no_show']
		]);
	});
});

describe('an override boost that expires', () => {
	const until = '2026-03-02T00:00:00.000Z';
	const after = '2026-03-03T00:00:00.000Z';
	const S = 'studio-kiln-a';
	const onKiln = (id: string, h: number) =>
		run(
			intake(
				id,
				{ assignedStationId: S },
				{ now: new Date(Date.parse(T0) + h * 3600000).toISOString() }
			),
			[confirm]
		);

	it('stops showing in the card policy once the queue ranks without it', () => {
		// a has one no-show (2 points) and a boost of 2 until `until`; b is newer, no penalty.
		const a = run(onKiln('a', 0), [
			noShow,
			fair({
				action: 'set_override_boost',
				boostPoints: 2,
				reason: 'Studio error',
				overrideUntil: until
			})
		]);
		const b = onKiln('b', 1);
		expect(a.queueFairnessPolicy.overrideBoostApplied).toBe(2);
		expect(rankStation([a, b], S, T0).get('a')).toBe(1);
		// After expiry the queue puts a behind b ...
		expect(rankStation([a, b], S, after).get('a')).toBe(2);
		// ... and the card's policy, read at `after`, says the same.
		expect(fairnessPolicyStale(a, after)).toBe(true);
		expect(fairnessPolicyAt(a, after)).toMatchObject({
			overrideBoostApplied: 0,
			effectivePenaltyPoints: 2
		});
		// The refresh job's domain step rewrites the stored policy and the positions together.
		const aged = new Map(agedCards([a, b], after).map((r) => [r.id, r]));
		expect(aged.get('a')?.queueFairnessPolicy).toMatchObject({
			overrideBoostApplied: 0,
			reasonCodes: ['no_show'],
			computedAt: after
		});
		expect(aged.get('a')?.queuePositionHint).toBe(2);
		expect((aged.get('b') ?? b).queuePositionHint).toBe(1);
		expect(aged.get('a')?.version).toBe(a.version);
		// Running again at the same instant finds nothing more to change.
		const again = [a, b].map((r) => aged.get(r.id) ?? r);
		expect(agedCards(again, after)).toEqual([]);
	});
});
