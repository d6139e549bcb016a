import { describe, expect, it } from 'vitest';
import { boardEscalations, escalationFlags, outageEscalations } from './escalation';
import { EMPTY_FAIRNESS } from './fairness';
import {
	bandFor,
	computeQueueHints,
	estimateWindow,
	etaState,
	promiseCurrent,
	rankStation
} from './queue';
import type { Reservation } from './reservation';
import { DEMO_STATIONS } from './stations';
import { intake, onStation, run, T0 } from '../../testing/domain/fixtures';

const S = 'studio-kiln-a';
const at = (h: number) => new Date(Date.parse(T0) + h * 3600000).toISOString();
const day = (d: number) => at(d * 24);

/** A card on S created at hour `h` with tweaks applied directly. */
function card(id: string, h: number, tweak: Partial<Reservation> = {}, half = 1): Reservation {
	const r = intake(id, { estimatedHalfShelves: half, assignedStationId: S }, { now: at(h) });
	// Intake folds a hint in; these tests start from cards with none.
	return { ...r, status: 'CONFIRMED', queuePositionHint: null, estimatedWindow: null, ...tweak };
}

const order = (rs: Reservation[], now = T0) =>
	[...rankStation(rs, S, now).entries()]
		.filter(([, p]) => p !== null)
		.sort((a, b) => a[1]! - b[1]!)
		.map(([id]) => id);

describe('queue order', () => {
	const hold = { reason: 'kiln fit', at: T0, byUid: 'u' };
	const rush = (r: Reservation) => ({ addOns: { ...r.addOns, rushRequested: true } });

	it.each([
		[
			'safety hold sorts after everything, community after the rest',
			[
				card('held', 0, { safetyHold: hold }),
				card('comm', 1, { intakeMode: 'COMMUNITY_SHELF' }),
				card('plain', 2)
			],
			['plain', 'comm', 'held']
		],
		[
			'status: CONFIRMED, REQUESTED, WAITLISTED',
			[card('w', 0, { status: 'WAITLISTED' }), card('q', 1, { status: 'REQUESTED' }), card('c', 2)],
			['c', 'q', 'w']
		],
		[
			'rush before whole-kiln before plain',
			[
				card('plain', 0),
				card('whole', 1, { intakeMode: 'WHOLE_KILN' }),
				(() => {
					const r = card('rush', 2);
					return { ...r, ...rush(r) };
				})()
			],
			['rush', 'whole', 'plain']
		],
		[
			'lower effective penalty first',
			[card('pen', 0, { queueFairness: { ...EMPTY_FAIRNESS, noShowCount: 1 } }), card('clean', 1)],
			['clean', 'pen']
		],
		[
			'boost offsets penalty',
			[
				card('boosted', 0, {
					queueFairness: { ...EMPTY_FAIRNESS, noShowCount: 1, overrideBoost: 2 }
				}),
				card('late', 1, { queueFairness: { ...EMPTY_FAIRNESS, lateArrivalCount: 1 } })
			],
			['boosted', 'late']
		],
		[
			'expired boost no longer offsets',
			[
				card('expired', 0, {
					queueFairness: {
						...EMPTY_FAIRNESS,
						noShowCount: 1,
						overrideBoost: 2,
						overrideUntil: at(-1)
					}
				}),
				card('late', 1, { queueFairness: { ...EMPTY_FAIRNESS, lateArrivalCount: 1 } })
			],
			['late', 'expired']
		],
		['smaller first', [card('big', 0, {}, 4), card('small', 1, {}, 2)], ['small', 'big']],
		['older first, then id', [card('b', 1), card('a', 1), card('old', 0)], ['old', 'a', 'b']]
	])('%s', (_name, rs, expected) => {
		expect(order(rs as Reservation[])).toEqual(expected);
		expect(order([...(rs as Reservation[])].reverse())).toEqual(expected);
	});

	it('does not rank cancelled, picked-up or other stations’ work', () => {
		const cancelled = card('x', 0, { status: 'CANCELLED' });
		const picked = card('p', 0, {
			pickupWindow: {
				status: 'completed',
				confirmedStart: null,
				confirmedEnd: null,
				confirmedAt: null,
				completedAt: null,
				missedCount: 0,
				lastMissedAt: null
			}
		});
		const other = { ...card('o', 0), assignedStationId: 'studio-kiln-b' };
		const ranks = rankStation([cancelled, picked, other, card('k', 3)], S, T0);
		expect(Object.fromEntries(ranks)).toEqual({ x: null, p: null, k: 1 });
	});
});

describe('ETA bands', () => {
	it.each([
		[1, 0, 'high', 'on_track'],
		[2, 0, 'high', 'on_track'],
		[3, 1, 'medium', 'at_risk'],
		[5, 2, 'medium', 'at_risk'],
		[6, 2, 'low', 'delayed'],
		[9, 4, 'low', 'delayed']
	])('position %i → band %i, %s, %s', (pos, band, confidence, sla) => {
		const w = estimateWindow(pos, null, T0);
		expect(bandFor(pos)).toBe(band);
		expect(w).toMatchObject({
			band,
			confidence,
			slaState: sla,
			anchorAt: T0,
			currentStart: day(band * 2),
			currentEnd: day(band * 2 + 2)
		});
	});

	it('keeps the anchor while the band is unchanged, re-anchors when it changes or has passed', () => {
		const first = estimateWindow(3, null, T0);
		expect(estimateWindow(4, first, at(5))).toBe(first);
		const moved = estimateWindow(5, first, at(5));
		expect(moved).toMatchObject({
			band: 2,
			anchorAt: at(5),
			currentStart: new Date(Date.parse(at(5)) + 4 * 86400000).toISOString()
		});
		const stale = estimateWindow(3, first, day(5));
		expect(stale.anchorAt).toBe(day(5));
		expect(estimateWindow(null, null, T0)).toMatchObject({
			band: null,
			currentStart: null,
			slaState: 'unknown',
			confidence: null
		});
	});

	it('computeQueueHints returns only rows that changed', () => {
		const rs = [card('a', 0), card('b', 1), card('c', 2)];
		const first = computeQueueHints(rs, T0);
		expect([...first.keys()]).toEqual(['a', 'b', 'c']);
		expect(first.get('c')).toMatchObject({ queuePositionHint: 3, estimatedWindow: { band: 1 } });
		const stored = rs.map((r) => ({ ...r, ...first.get(r.id)! }));
		expect(computeQueueHints(stored, at(3)).size).toBe(0);
		// An unrelated write (a new, lower-priority card) moves nobody already on the station.
		const added = [...stored, card('d', 5)];
		expect([...computeQueueHints(added, at(6)).keys()]).toEqual(['d']);
		// A rush job jumps the line: only rows whose position or band changed come back.
		const r0 = card('rush', 6);
		const jumped = computeQueueHints(
			[...stored, { ...r0, addOns: { ...r0.addOns, rushRequested: true } }],
			at(7)
		);
		expect(jumped.get('rush')?.queuePositionHint).toBe(1);
		expect(jumped.get('b')).toMatchObject({
			queuePositionHint: 3,
			estimatedWindow: { band: 1, anchorAt: at(7) }
		});
		expect(jumped.get('a')).toMatchObject({ queuePositionHint: 2 });
		expect(jumped.get('a')?.estimatedWindow).toBe(stored[0].estimatedWindow);
	});
});

describe('escalation flags', () => {
	const withWindow = (r: Reservation, pos: number, now: string) => ({
		...r,
		estimatedWindow: estimateWindow(pos, r.estimatedWindow, now)
	});

	it('flags a slip of more than one band, not an earlier ETA', () => {
		const a = withWindow(card('a', 0), 1, T0);
		expect(escalationFlags(a, withWindow(a, 5, T0))).toEqual(['eta_moved_bands']);
		expect(escalationFlags(a, withWindow(a, 3, T0))).toEqual([]);
		const late = withWindow(card('l', 0), 7, T0);
		expect(escalationFlags(late, withWindow(late, 1, T0))).toEqual([]);
	});

	it('flags delayed again after an earlier escalation', () => {
		const base = run(onStation('d', S, 1), [
			{ type: 'reservation.escalate', payload: { staffNotes: 'Kiln slow', reason: 'Kiln slow' } }
		]);
		const prev = withWindow(base, 3, T0);
		expect(escalationFlags(prev, withWindow(prev, 6, T0))).toEqual(['delayed_again']);
	});

	it('flags an outage affecting several active reservations', () => {
		const stations = DEMO_STATIONS.map((s) =>
			s.id === S ? { ...s, available: false, unavailableReason: 'Kiln down' } : s
		);
		const rs = [card('a', 0), card('b', 1), card('x', 2, { status: 'CANCELLED' })];
		const outages = outageEscalations(stations, rs);
		expect(outages).toEqual([
			{ stationId: S, label: 'Studio Kiln A', reason: 'Kiln down', reservationIds: ['a', 'b'] }
		]);
		expect(escalationFlags(null, rs[0], outages)).toEqual(['station_outage']);
		expect(outageEscalations(stations, [rs[0]])).toEqual([]);
	});
});

describe('ETAs age (etaState at render time)', () => {
	it('a window that has ended is overdue, never on track', () => {
		const w = estimateWindow(1, null, T0);
		expect(w.slaState).toBe('on_track');
		expect(etaState(w, day(1))).toBe('on_track');
		expect(etaState(w, w.currentEnd!)).toBe('overdue');
		expect(etaState(w, day(30))).toBe('overdue');
		expect(etaState(null, day(30))).toBe('unknown');
	});

	it('the server re-ranking at a later now re-anchors an ended window (a new estimate)', () => {
		const a = card('a', 0);
		const first = computeQueueHints([a], T0).get('a')!;
		const aged = { ...a, ...first };
		const later = computeQueueHints([aged], day(5)).get('a')!;
		expect(later.estimatedWindow.anchorAt).toBe(day(5));
		expect(etaState(later.estimatedWindow, day(5))).toBe('on_track');
		// What the customer was first told is kept, for the escalation check.
		expect(later.estimatedWindow.promisedStart).toBe(first.estimatedWindow.currentStart);
	});
});

describe('board escalations (the Attention list)', () => {
	const placed = (r: Reservation, pos: number, now: string) => ({
		...r,
		queuePositionHint: pos,
		estimatedWindow: estimateWindow(pos, r.estimatedWindow, now)
	});

	it('lists a card whose ETA slipped more than a band since the customer was told', () => {
		const told = placed(card('a', 0), 1, T0);
		expect(boardEscalations([told], DEMO_STATIONS)).toEqual([]);
		const slipped = placed(told, 7, T0);
		expect(boardEscalations([slipped], DEMO_STATIONS)).toEqual([
			{ reservationId: 'a', flags: ['eta_moved_bands'] }
		]);
		// Escalating tells the customer the new band: the flag clears.
		const escalated = { ...slipped, estimatedWindow: promiseCurrent(slipped.estimatedWindow) };
		expect(boardEscalations([escalated], DEMO_STATIONS)).toEqual([]);
	});

	it('lists a repeat delay after an escalation, and cards on a station outage', () => {
		const base = run(onStation('d', S, 1), [
			{ type: 'reservation.escalate', payload: { staffNotes: 'Kiln slow', reason: 'Kiln slow' } }
		]);
		const told = placed(base, 3, T0);
		const again = placed(told, 6, T0);
		expect(boardEscalations([again], DEMO_STATIONS)[0].flags).toContain('delayed_again');
		const down = DEMO_STATIONS.map((s) => (s.id === S ? { ...s, available: false } : s));
		const b = placed(card('b', 1), 2, T0);
		expect(boardEscalations([told, b], down).map((e) => e.flags)).toEqual([
			['station_outage'],
			['station_outage']
		]);
	});
});
