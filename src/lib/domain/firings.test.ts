import { describe, expect, it } from 'vitest';
import { Action } from './actions';
import { FiringCreatePayload, FiringStepPayload, type Firing } from './firing-record';
import {
	changeElements,
	createFiring,
	flaggedMembers,
	kilnLog,
	stepFiring,
	type FiringStepResult
} from './firings';
import type { Reservation } from './reservation';
import { DEMO_STATIONS } from './stations';
import {
	assign,
	confirm,
	intake,
	load,
	makeCtx,
	run,
	T0,
	type CtxOptions
} from '../../testing/domain/fixtures';

const KILN = 'studio-kiln-a';
const ready = (id: string, halfShelves = 2) =>
	run(intake(id, { estimatedHalfShelves: halfShelves }), [confirm, assign(KILN)]);

function plan(cards: Reservation[], active: Record<string, string> = {}) {
	const byId = new Map(cards.map((c) => [c.id, c]));
	return createFiring(
		FiringCreatePayload.parse({
			firingId: 'F-1',
			stationId: KILN,
			firingType: 'bisque',
			targetCone: '04',
			plannedDate: T0,
			reservationIds: cards.map((c) => c.id)
		}),
		{
			now: T0,
			actor: { uid: 'staff-sam', role: 'staff' },
			stations: DEMO_STATIONS,
			reservation: (id) => byId.get(id) ?? null,
			activeFiringOf: (id) => active[id] ?? null
		}
	);
}

function mustPlan(cards: Reservation[]): Firing {
	const out = plan(cards);
	if (!out.ok) throw new Error(out.message);
	return out.firing;
}

/** A step against a set of cards; the step's own changes fold back in like the server commits. */
function doStep(
	f: Firing,
	cards: Map<string, Reservation>,
	step: unknown,
	o: CtxOptions = {}
): FiringStepResult {
	const peers = [...cards.values()];
	const out = stepFiring(
		f,
		FiringStepPayload.parse({ firingId: f.id, ...(step as object) }),
		(id) => cards.get(id) ?? null,
		makeCtx({ peers, ...o })
	);
	if (!out.ok) throw new Error(`${out.code}: ${out.message}`);
	for (const c of out.cards) cards.set(c.after.id, c.after);
	return out;
}

describe('createFiring', () => {
	it('plans confirmed cards on one kiln that fit, in planned state', () => {
		const f = mustPlan([ready('A'), ready('B'), ready('C')]);
		expect(f.state).toBe('planned');
		expect(f.members.map((m) => [m.reservationId, m.halfShelves])).toEqual([
			['A', 2],
			['B', 2],
			['C', 2]
		]);
	});

	it('refuses by the placement capacity rule when the cards overfill the kiln', () => {
		const out = plan([ready('A', 4), ready('B', 3), ready('C', 2)]);
		expect(out).toMatchObject({ ok: false, code: 'capacity' });
		if (!out.ok) expect(out.message).toContain('9');
	});

	it('refuses unconfirmed work, work on another kiln and work already in an active firing', () => {
		expect(plan([intake('R', { assignedStationId: KILN })])).toMatchObject({
			ok: false,
			code: 'conflict'
		});
		const elsewhere = run(intake('E'), [confirm, assign('studio-kiln-b')]);
		expect(plan([elsewhere])).toMatchObject({ ok: false, code: 'conflict' });
		expect(plan([ready('A')], { A: 'F-0' })).toMatchObject({
			ok: false,
			code: 'conflict',
			details: { firingId: 'F-0' }
		});
	});

	it('refuses a payload that lists a card twice or a malformed cone at the boundary', () => {
		const base = {
			firingId: 'F',
			stationId: KILN,
			firingType: 'glaze',
			plannedDate: T0,
			targetCone: '6'
		};
		expect(FiringCreatePayload.safeParse({ ...base, reservationIds: ['A', 'A'] }).success).toBe(
			false
		);
		expect(
			FiringCreatePayload.safeParse({ ...base, targetCone: 'hot', reservationIds: ['A'] }).success
		).toBe(false);
		expect(FiringCreatePayload.safeParse({ ...base, reservationIds: ['A'] }).success).toBe(true);
	});
});

describe('stepFiring', () => {
	const setup = () => {
		const cards = new Map(['A', 'B', 'C'].map((id) => [id, ready(id)]));
		return { cards, firing: mustPlan([...cards.values()]) };
	};

	it('moves every card through load progression, one history row per card per step', () => {
		const { cards, firing } = setup();
		const rows = () => [...cards.values()].map((c) => c.stageHistory.length);
		const start = rows();
		const loading = doStep(firing, cards, { step: 'start_loading' });
		expect(loading.firing.state).toBe('loading');
		expect(loading.firing.loadedByUid).toBe('staff-sam');
		expect([...cards.values()].map((c) => c.loadStatus)).toEqual(['loading', 'loading', 'loading']);
		expect(rows()).toEqual(start.map((n) => n + 1));

		const firingStep = doStep(
			loading.firing,
			cards,
			{ step: 'start_firing' },
			{ now: '2026-03-01T02:00:00.000Z' }
		);
		expect(firingStep.firing).toMatchObject({
			state: 'firing',
			firingStartedAt: '2026-03-01T02:00:00.000Z'
		});
		expect([...cards.values()].map((c) => c.stageHistory.at(-1)?.reason)).toEqual([
			'firing_started',
			'firing_started',
			'firing_started'
		]);
		expect(rows()).toEqual(start.map((n) => n + 2));

		const unload = doStep(
			firingStep.firing,
			cards,
			{ step: 'unload' },
			{ now: '2026-03-02T09:00:00.000Z', uid: 'staff-lee' }
		);
		expect(unload.firing).toMatchObject({
			state: 'unloaded',
			unloadedByUid: 'staff-lee',
			unloadedAt: '2026-03-02T09:00:00.000Z'
		});
		expect(rows()).toEqual(start.map((n) => n + 3));
		for (const c of cards.values()) {
			expect(c.loadStatus).toBe('loaded');
			expect(c.readyForPickupAt).toBe('2026-03-02T09:00:00.000Z');
		}
		// Each card's own customer message, from the card's own load transition.
		expect(unload.effects.notifications.map((n) => [n.reservationId, n.kind])).toEqual([
			['A', 'ready_for_pickup'],
			['B', 'ready_for_pickup'],
			['C', 'ready_for_pickup']
		]);
		expect(unload.firing.members.map((m) => m.outcome)).toEqual(['fired', 'fired', 'fired']);
		// Versions: one bump per card per step, never more.
		expect(unload.cards.map((c) => c.after.version - c.before.version)).toEqual([1, 1, 1]);
	});

	it('marks loaded pieces fired on unload', () => {
		const withPiece = run(
			intake('P', { estimatedHalfShelves: 2, pieces: [{ pieceLabel: 'Bowl' }] }),
			[confirm, assign(KILN)]
		);
		const cards = new Map([[withPiece.id, withPiece]]);
		const f = mustPlan([withPiece]);
		doStep(f, cards, { step: 'unload' });
		expect(cards.get('P')!.pieces.map((p) => p.pieceStatus)).toEqual(['fired']);
	});

	it('a step already taken is a noop (another kiosk, a replay); steps never go back', () => {
		const { cards, firing } = setup();
		const firingStep = doStep(firing, cards, { step: 'start_firing' });
		const again = doStep(firingStep.firing, cards, { step: 'start_loading' });
		expect(again.noop).toBe(true);
		expect(again.cards).toEqual([]);
		// Skipping the loading step stamps it too.
		expect(firingStep.firing.loadingStartedAt).toBe(T0);
	});

	it('flags a card cancelled on another kiosk, applies the rest, keeps the firing', () => {
		const { cards, firing } = setup();
		cards.set(
			'B',
			run(cards.get('B')!, [
				{ type: 'reservation.status', payload: { status: 'CANCELLED', staffNotes: 'Withdrew' } }
			])
		);
		const out = doStep(firing, cards, { step: 'start_loading' });
		expect(out.firing.state).toBe('loading');
		expect(out.flagged).toEqual(['B']);
		expect(flaggedMembers(out.firing).map((m) => m.reservationId)).toEqual(['B']);
		expect(out.firing.members[1].flags[0]).toMatchObject({
			step: 'start_loading',
			code: 'conflict'
		});
		expect(cards.get('A')!.loadStatus).toBe('loading');
		expect(cards.get('C')!.loadStatus).toBe('loading');
		// The cancelled card keeps its state but gets its own history row naming the firing.
		const b = cards.get('B')!;
		expect(b.status).toBe('CANCELLED');
		expect(b.loadStatus).toBe('queued');
		expect(b.stageHistory.at(-1)).toMatchObject({ reason: 'firing_flagged' });
		expect(b.stageHistory.at(-1)?.notes).toContain('F-1');
	});

	it('flags only the conflicting cards: a held card and a vanished card', () => {
		const { cards, firing } = setup();
		cards.set(
			'A',
			run(cards.get('A')!, [
				{ type: 'reservation.safety_hold', payload: { hold: true, reason: 'Too tall' } }
			])
		);
		cards.delete('C');
		const out = doStep(firing, cards, { step: 'unload' });
		expect(out.flagged.sort()).toEqual(['A', 'C']);
		expect(cards.get('B')!.loadStatus).toBe('loaded');
		expect(cards.get('A')!.loadStatus).toBe('queued');
		expect(out.firing.members.find((m) => m.reservationId === 'C')!.flags[0].code).toBe(
			'not_found'
		);
	});

	it('records damaged and needs-refire outcomes with reasons; refire goes back to the queue', () => {
		const { cards, firing } = setup();
		const f2 = doStep(firing, cards, { step: 'start_firing' }).firing;
		const out = doStep(f2, cards, {
			step: 'unload',
			outcomes: [
				{ reservationId: 'A', outcome: 'damaged', reason: 'Cracked foot' },
				{ reservationId: 'B', outcome: 'needs_refire', reason: 'Underfired glaze' }
			]
		});
		expect(out.firing.members.map((m) => [m.outcome, m.outcomeReason])).toEqual([
			['damaged', 'Cracked foot'],
			['needs_refire', 'Underfired glaze'],
			['fired', null]
		]);
		expect(cards.get('A')!.loadStatus).toBe('loaded');
		expect(cards.get('B')!.loadStatus).toBe('queued');
		expect(cards.get('B')!.readyForPickupAt).toBeNull();
		expect(cards.get('B')!.stageHistory.at(-1)?.notes).toContain('Underfired glaze');
		expect(out.effects.notifications.map((n) => n.reservationId)).toEqual(['A', 'C']);
	});

	it('refuses outcomes without a reason, outside the unload step, or for cards not in it', () => {
		const { cards, firing } = setup();
		const attempt = (step: unknown) =>
			stepFiring(
				firing,
				FiringStepPayload.parse({ firingId: 'F-1', ...(step as object) }),
				(id) => cards.get(id) ?? null,
				makeCtx()
			);
		expect(
			attempt({ step: 'unload', outcomes: [{ reservationId: 'A', outcome: 'damaged' }] })
		).toMatchObject({ ok: false, code: 'invalid' });
		expect(
			attempt({ step: 'start_loading', outcomes: [{ reservationId: 'A', outcome: 'fired' }] })
		).toMatchObject({ ok: false, code: 'invalid' });
		expect(
			attempt({ step: 'unload', outcomes: [{ reservationId: 'Z', outcome: 'fired' }] })
		).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('work loaded by hand before the firing still gets the firing rows, no second pickup clock', () => {
		const { cards, firing } = setup();
		cards.set('A', run(cards.get('A')!, [load('loaded')]));
		const readyAt = cards.get('A')!.readyForPickupAt;
		const out = doStep(firing, cards, { step: 'unload' }, { now: '2026-03-05T00:00:00.000Z' });
		expect(cards.get('A')!.readyForPickupAt).toBe(readyAt);
		expect(cards.get('A')!.stageHistory.at(-1)?.reason).toBe('firing_unloaded');
		expect(out.effects.notifications.map((n) => n.reservationId)).toEqual(['B', 'C']);
	});

	it('is reachable as a wire action with a null reservation id', () => {
		expect(
			Action.parse({ type: 'firing.step', payload: { firingId: 'F-1', step: 'unload' } })
		).toMatchObject({ payload: { outcomes: [], notes: null } });
	});
});

describe('kiln log', () => {
	const fired = (id: string, at: string | null): Firing => ({
		...mustPlan([ready(`${id}-card`)]),
		id,
		firingStartedAt: at
	});

	it('counts firings started after the last element change, newest first', () => {
		const log = kilnLog(
			[
				fired('old', '2026-02-01T00:00:00.000Z'),
				fired('new', '2026-03-10T00:00:00.000Z'),
				fired('mid', '2026-03-05T00:00:00.000Z'),
				fired('planned', null)
			],
			'2026-03-01T00:00:00.000Z'
		);
		expect(log.sinceElementChange).toBe(2);
		expect(log.rows.map((f) => f.id)).toEqual(['new', 'mid', 'planned', 'old']);
		expect(kilnLog(log.rows, null).sinceElementChange).toBe(3);
	});

	it('only a supervisor resets it, with the reason kept', () => {
		const kiln = DEMO_STATIONS[0];
		expect(
			changeElements(
				kiln,
				{ reason: 'New elements' },
				{ now: T0, actor: { uid: 's', role: 'staff' } }
			)
		).toMatchObject({ ok: false, code: 'permission' });
		expect(
			changeElements(
				kiln,
				{ reason: 'New elements' },
				{ now: T0, actor: { uid: 'sup-jo', role: 'supervisor' } }
			)
		).toMatchObject({
			ok: true,
			station: { elementChangedAt: T0, elementChangeReason: 'New elements' }
		});
	});
});
