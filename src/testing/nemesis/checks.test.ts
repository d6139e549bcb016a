import { describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../lib/client/db';
import type { Reservation } from '../../lib/domain/reservation';
import { DEMO_STATIONS } from '../../lib/domain/stations';
import { intake, onStation } from '../domain/fixtures';
import type { ActionResult } from '../../lib/sync/contract';
import { capacityViolations, checkWorld } from './checks';
import type { Claim } from './faulty-store';
import type { KioskSnapshot, ServerAction, ServerSnapshot } from './snapshot';

// The checkers must be able to fail: a consistent world passes, each kind of damage is named.
const DEV = 'dev_checks01';
const card = intake('R1');

const applied = (rev: number, noop = false): ActionResult => ({
	queueRevision: rev,
	status: 'applied',
	replay: false,
	noop,
	reservation: card,
	appliedAt: card.createdAt
});

const row = (rev: number, patch: Partial<OutboxRow> = {}): OutboxRow =>
	({
		queueRevision: rev,
		deviceId: DEV,
		actorUid: 'staff-sam',
		reservationId: 'R1',
		baseVersion: 0,
		createdAt: card.createdAt,
		state: 'synced',
		attempts: 1,
		lastAttemptAt: null,
		type: 'reservation.note',
		payload: { staffNotes: `n${rev}` },
		...patch
	}) as OutboxRow;

function world(
	o: {
		rows?: OutboxRow[];
		actions?: ServerAction[];
		claims?: Claim[];
		doc?: Reservation;
		kioskDoc?: Reservation;
		history?: number;
	} = {}
) {
	const doc = o.doc ?? card;
	const server: ServerSnapshot = {
		actions: o.actions ?? [
			{
				deviceId: DEV,
				queueRevision: 1,
				type: 'reservation.intake',
				reservationId: 'R1',
				result: applied(1)
			}
		],
		reservations: new Map([['R1', doc]]),
		stations: DEMO_STATIONS,
		historyRows: new Map([['R1', o.history ?? 1]]),
		fairnessRows: new Map()
	};
	const rows = o.rows ?? [
		row(1, { type: 'reservation.intake', payload: {} } as Partial<OutboxRow>)
	];
	const kiosk: KioskSnapshot = {
		name: 'kiosk1',
		deviceId: DEV,
		outbox: rows,
		archive: [],
		reservations: new Map([['R1', o.kioskDoc ?? doc]]),
		stations: DEMO_STATIONS,
		everHeld: new Set(),
		enqueued: rows.map((r) => r.queueRevision)
	};
	return checkWorld(server, [kiosk], o.claims ?? [{ deviceId: DEV, queueRevision: 1 }]);
}

describe('nemesis checkers', () => {
	it('pass a consistent world', () => {
		expect(world()).toEqual([]);
	});

	it('name a row failed on the kiosk but applied on the server', () => {
		const failed = row(1, {
			type: 'reservation.intake',
			state: 'failed',
			result: { code: 'invalid', message: 'x', details: null, serverCopy: null, at: card.createdAt }
		} as Partial<OutboxRow>);
		expect(world({ rows: [failed] }).join('\n')).toMatch(/failed on the kiosk but applied/);
	});

	it('name a lost row, and a synced row the server never applied', () => {
		const out = world({ rows: [row(1, { state: 'synced' })], actions: [], history: 0 });
		expect(out.join('\n')).toMatch(/synced on the kiosk but server says absent/);
		const lost = checkWorld(
			{ ...emptyServer(), reservations: new Map() },
			[{ ...emptyKiosk(), enqueued: [7] }],
			[]
		);
		expect(lost.join('\n')).toMatch(/rev 7: lost/);
	});

	it('name a doubled history row and a penalty counted without its action', () => {
		expect(world({ history: 2 }).join('\n')).toMatch(/history: R1 has 2 rows/);
		const penalised = { ...card, queueFairness: { ...card.queueFairness, noShowCount: 1 } };
		expect(world({ doc: penalised }).join('\n')).toMatch(/noShowCount 1 for 0 applied/);
	});

	it('name an out-of-order apply on one card', () => {
		const rows = [row(1, { type: 'reservation.intake' } as Partial<OutboxRow>), row(2), row(3)];
		const actions = rows.map((r) => ({
			deviceId: DEV,
			queueRevision: r.queueRevision,
			type: r.type,
			reservationId: 'R1',
			result: applied(r.queueRevision, r.queueRevision > 1)
		}));
		const claims = [1, 3, 2].map((queueRevision) => ({ deviceId: DEV, queueRevision }));
		expect(world({ rows, actions, claims }).join('\n')).toMatch(/rev 2 on R1 applied after rev 3/);
	});

	it('name a kiosk that did not converge', () => {
		expect(world({ kioskDoc: { ...card, version: 0 } }).join('\n')).toMatch(/kiosk1: R1 is v0/);
	});

	it('name a held row the domain hold rule would release, and a row it holds shown as pending', () => {
		const failure = {
			code: 'conflict',
			message: 'x',
			details: null,
			serverCopy: null,
			at: card.createdAt
		} as const;
		const intakeRow = row(1, { type: 'reservation.intake', payload: {} } as Partial<OutboxRow>);
		// Held with no failure before it on its card.
		const orphan = world({ rows: [intakeRow, row(2, { state: 'held', heldBy: 1 })] }).join('\n');
		expect(orphan).toMatch(/held, but the domain's hold rule releases it/);
		// Behind a failure, yet shown as pending.
		const failed = row(2, { state: 'failed', result: failure });
		const out = world({ rows: [intakeRow, failed, row(3, { state: 'pending' })] }).join('\n');
		expect(out).toMatch(/rev 3: pending, but the hold rule holds it behind 2/);
	});

	it('name an applied note whose entry is gone from the server card', () => {
		const rows = [
			row(1, { type: 'reservation.intake', payload: {} } as Partial<OutboxRow>),
			row(2)
		];
		const actions = rows.map((r) => ({
			deviceId: DEV,
			queueRevision: r.queueRevision,
			type: r.type,
			reservationId: 'R1',
			result: applied(r.queueRevision)
		}));
		const claims = [1, 2].map((queueRevision) => ({ deviceId: DEV, queueRevision }));
		const kept = {
			...card,
			staffNotes: [
				{
					id: `${DEV}:2:0`,
					at: card.createdAt,
					byUid: 'staff-sam',
					text: 'n2',
					source: 'reservation.note'
				}
			]
		};
		expect(world({ rows, actions, claims, doc: kept, history: 2 }).join('\n')).not.toMatch(
			/notes:/
		);
		expect(world({ rows, actions, claims, history: 2 }).join('\n')).toMatch(
			new RegExp(`notes: R1 lost the note of reservation.note ${DEV}:2`)
		);
	});

	it('name a station over capacity', () => {
		const a = onStation('A', 'studio-kiln-a', 5);
		const b = onStation('B', 'studio-kiln-a', 5);
		expect(capacityViolations([a, b], DEMO_STATIONS)).toEqual([
			'capacity: studio-kiln-a holds 10 > 8 (A:5, B:5)'
		]);
		expect(capacityViolations([a], DEMO_STATIONS)).toEqual([]);
	});
});

function emptyServer(): ServerSnapshot {
	return {
		actions: [],
		reservations: new Map(),
		stations: DEMO_STATIONS,
		historyRows: new Map(),
		fairnessRows: new Map()
	};
}

function emptyKiosk(): KioskSnapshot {
	return {
		name: 'kiosk1',
		deviceId: DEV,
		outbox: [],
		archive: [],
		reservations: new Map(),
		stations: DEMO_STATIONS,
		everHeld: new Set(),
		enqueued: []
	};
}
