import fc from 'fast-check';
import { Action } from '../../lib/domain/actions';
import type { Fault } from './faults';
import type { FiringOp } from './firing-ops';

/** The nemesis world: 5 kiosks, a small pool of cards, two kiln stations to fight over. */
export const KIOSKS = 5;
export const CARD_IDS = ['N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9', 'N10'];
export const SEEDED_CARDS = 7;
const STATIONS = ['studio-kiln-a', 'studio-kiln-b', 'kiln-a', 'kiln-z'] as const;
/** staff-former is inactive: its actions must fail as permission. */
const ACTORS = [
	...Array<string>(6).fill('staff-sam'),
	...['sup-jo', 'sup-jo', 'admin-alex', 'admin-alex', 'staff-former']
];

/** What staff do on one card (the steerable ops). */
export type CardOp =
	| { op: 'intake'; halfShelves: number; community: boolean; station: number | null }
	| { op: 'status'; to: 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED'; note: boolean }
	| { op: 'override'; to: 'CONFIRMED' | 'REQUESTED' }
	| { op: 'note'; text: number }
	| { op: 'load'; to: 'loading' | 'loaded' | 'queued' }
	| { op: 'assign'; station: number }
	| {
			op: 'fairness';
			action: 'record_no_show' | 'record_late_arrival' | 'set_override_boost' | 'clear_override';
			evidence: 'staff_note' | 'pickup_miss';
	  }
	| { op: 'availability'; station: number; available: boolean }
	/** Fails the wire schema (note too long): the whole batch comes back 400. */
	| { op: 'malformed' };

/** Card ops, plus whole-kiln firing ops (`firing-ops.ts`), resolved against the kiosk's view. */
export type Op = CardOp | FiringOp;

export type Step =
	/**
	 * `steer` below STEER_OF_10 replaces `op` by one the kiosk's domain dry run would apply now
	 * (the `pick`-th of them), as staff press only live buttons; the rest stay as generated.
	 */
	| { t: 'act'; kiosk: number; actor: number; card: number; op: Op; steer: number; pick: number }
	| { t: 'fault'; kiosk: number; fault: Fault; times: number }
	| { t: 'offline'; kiosk: number }
	| { t: 'online'; kiosk: number }
	/** The server process dies after this many more SQL statements, then restarts. */
	| { t: 'crash'; after: number }
	| { t: 'tick'; ms: number }
	| { t: 'settle' }
	| { t: 'sync'; kiosk: number }
	| { t: 'resolve'; kiosk: number; mode: 'discard' | 'retry' };

/** Eight in ten actions are steered to what the kiosk believes is valid (NEMESIS_STEER: 0–10). */
export const STEER_OF_10 = Number(process.env.NEMESIS_STEER ?? 8);

export interface Scenario {
	seed: number;
	steps: Step[];
}

const kiosk = fc.integer({ min: 0, max: KIOSKS - 1 });

const op: fc.Arbitrary<Op> = fc.oneof(
	{ arbitrary: fc.constant<Op>({ op: 'note', text: 0 }), weight: 1 },
	{
		arbitrary: fc.record({
			op: fc.constant('intake' as const),
			halfShelves: fc.integer({ min: 1, max: 6 }),
			community: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
			station: fc.option(fc.integer({ min: 0, max: 3 }), { freq: 2 })
		}),
		weight: 3
	},
	{
		arbitrary: fc.record({
			op: fc.constant('status' as const),
			to: fc.constantFrom('CONFIRMED' as const, 'WAITLISTED' as const, 'CANCELLED' as const),
			note: fc.boolean()
		}),
		weight: 5
	},
	{
		arbitrary: fc.record({
			op: fc.constant('override' as const),
			to: fc.constantFrom('CONFIRMED' as const, 'REQUESTED' as const)
		}),
		weight: 3
	},
	{
		arbitrary: fc.record({
			op: fc.constant('note' as const),
			text: fc.integer({ min: 0, max: 5 })
		}),
		weight: 3
	},
	{
		arbitrary: fc.record({
			op: fc.constant('load' as const),
			to: fc.constantFrom('loading' as const, 'loaded' as const, 'queued' as const)
		}),
		weight: 3
	},
	{
		arbitrary: fc.record({
			op: fc.constant('assign' as const),
			station: fc.integer({ min: 0, max: 3 })
		}),
		weight: 5
	},
	{
		arbitrary: fc.record({
			op: fc.constant('fairness' as const),
			action: fc.constantFrom(
				'record_no_show' as const,
				'record_late_arrival' as const,
				'set_override_boost' as const,
				'clear_override' as const
			),
			evidence: fc.constantFrom(
				'staff_note' as const,
				'staff_note' as const,
				'pickup_miss' as const
			)
		}),
		weight: 4
	},
	{
		arbitrary: fc.record({
			op: fc.constant('availability' as const),
			station: fc.integer({ min: 0, max: 1 }),
			available: fc.integer({ min: 0, max: 2 }).map((n) => n > 0)
		}),
		weight: 1
	},
	{ arbitrary: fc.constant<Op>({ op: 'malformed' }), weight: 1 },
	{
		arbitrary: fc.record({
			op: fc.constant('firing_plan' as const),
			station: fc.integer({ min: 0, max: 3 }),
			take: fc.integer({ min: 1, max: 4 })
		}),
		weight: 4
	},
	{
		arbitrary: fc.record({
			op: fc.constant('firing_step' as const),
			firing: fc.nat({ max: 7 }),
			step: fc.constantFrom(
				'next' as const,
				'next' as const,
				'start_loading' as const,
				'start_firing' as const,
				'unload' as const
			),
			outcome: fc.constantFrom(
				'fired' as const,
				'fired' as const,
				'fired' as const,
				'damaged' as const,
				'needs_refire' as const
			)
		}),
		weight: 8
	}
);

const fault: fc.Arbitrary<Fault> = fc.oneof(
	fc.constant<Fault>({ kind: 'drop' }),
	fc.record({ kind: fc.constant('status' as const), status: fc.constantFrom(500, 502, 503) }),
	fc.record({
		kind: fc.constant('throttle' as const),
		retryAfterS: fc.integer({ min: 1, max: 120 })
	}),
	fc.record({ kind: fc.constant('timeout' as const), applied: fc.boolean() }),
	fc.constant<Fault>({ kind: 'duplicate' }),
	fc.record({
		kind: fc.constant('kill' as const),
		server: fc.constantFrom('none' as const, 'during' as const, 'after' as const)
	})
);

export const step: fc.Arbitrary<Step> = fc.oneof(
	// First, so shrinking replaces steps by the harmless one.
	{ arbitrary: fc.constant<Step>({ t: 'settle' }), weight: 4 },
	{
		arbitrary: fc.record({
			t: fc.constant('act' as const),
			kiosk,
			actor: fc.integer({ min: 0, max: ACTORS.length - 1 }),
			card: fc.integer({ min: 0, max: CARD_IDS.length - 1 }),
			op,
			steer: fc.integer({ min: 0, max: 9 }),
			pick: fc.nat()
		}),
		weight: 70
	},
	{
		arbitrary: fc.record({
			t: fc.constant('fault' as const),
			kiosk,
			fault,
			times: fc.integer({ min: 1, max: 4 })
		}),
		weight: 10
	},
	{ arbitrary: fc.record({ t: fc.constant('offline' as const), kiosk }), weight: 2 },
	{ arbitrary: fc.record({ t: fc.constant('online' as const), kiosk }), weight: 3 },
	{
		arbitrary: fc.record({
			t: fc.constant('crash' as const),
			after: fc.integer({ min: 1, max: 80 })
		}),
		weight: 1
	},
	{
		arbitrary: fc.record({
			t: fc.constant('tick' as const),
			ms: fc.integer({ min: 100, max: 90_000 })
		}),
		weight: 5
	},
	{ arbitrary: fc.record({ t: fc.constant('sync' as const), kiosk }), weight: 2 },
	{
		arbitrary: fc.record({
			t: fc.constant('resolve' as const),
			kiosk,
			mode: fc.constantFrom('discard' as const, 'retry' as const)
		}),
		weight: 3
	}
);

export const scenario = (length: number): fc.Arbitrary<Scenario> =>
	fc.record({
		seed: fc.integer(),
		steps: fc.array(step, { minLength: length, maxLength: length })
	});

const NOTES = [
	'Glaze is thin.',
	'Call before loading.',
	'',
	'Fragile handles.',
	'x',
	'Customer called.'
];

export const actorOf = (i: number) => ACTORS[i % ACTORS.length];

/** The queued intent for an `act` step; null reservation only for station actions. */
export function buildAction(
	o: CardOp,
	card: string
): { action: Action; reservationId: string | null } {
	const on = (input: unknown) => ({ action: Action.parse(input), reservationId: card });
	switch (o.op) {
		case 'intake':
			return on({
				type: 'reservation.intake',
				payload: {
					ownerUid: 'cust-maya',
					customerName: `Card ${card}`,
					firingType: 'glaze',
					intakeMode: o.community ? 'COMMUNITY_SHELF' : 'SHELF_PURCHASE',
					shelfEquivalent: o.halfShelves / 2,
					assignedStationId: o.station === null ? null : STATIONS[o.station]
				}
			});
		case 'status':
			return on({
				type: 'reservation.status',
				payload: {
					status: o.to,
					// A cancellation always carries its reason (the domain refuses one without).
					staffNotes: o.note || o.to === 'CANCELLED' ? 'Checked with the customer.' : null,
					expectation: o.to === 'WAITLISTED' ? { kind: 'tbd', reason: 'Kilns are full.' } : null
				}
			});
		case 'override':
			return on({
				type: 'reservation.status',
				payload: { status: o.to, override: { reason: 'Customer paid after all.' } }
			});
		case 'note':
			return on({ type: 'reservation.note', payload: { staffNotes: NOTES[o.text] } });
		case 'load':
			return on({
				type: 'reservation.load',
				payload: { loadStatus: o.to, reason: o.to === 'queued' ? 'Shelf collapsed.' : null }
			});
		case 'assign':
			return on({
				type: 'reservation.assign_station',
				payload: { assignedStationId: STATIONS[o.station] }
			});
		case 'fairness':
			return on({
				type: 'reservation.queue_fairness',
				payload:
					o.action === 'set_override_boost'
						? { action: o.action, reason: 'Studio member priority.', boostPoints: 3 }
						: o.action === 'clear_override'
							? { action: o.action, reason: 'Priority ended.' }
							: { action: o.action, reason: 'Missed the slot.', evidence: o.evidence }
			});
		case 'availability':
			return {
				action: Action.parse({
					type: 'station.availability',
					payload: {
						stationId: STATIONS[o.station],
						available: o.available,
						reason: 'Element swap.'
					}
				}),
				reservationId: null
			};
		case 'malformed':
			return {
				action: { type: 'reservation.note', payload: { staffNotes: 'x'.repeat(1600) } } as Action,
				reservationId: card
			};
	}
}
