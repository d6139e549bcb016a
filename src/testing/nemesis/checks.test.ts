import { describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../lib/client/db';
import type { Firing } from '../../lib/domain/firing-record';
import type { Reservation } from '../../lib/domain/reservation';
import { DEMO_STATIONS } from '../../lib/domain/stations';
import { intake, onStation } from '../domain/fixtures';
import type { ActionResult } from '../../lib/sync/contract';
import { capacityViolations, checkWorld } from './checks';
import type { Claim } from './faulty-store';
import { firingViolations } from './firing-checks';
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
		fairnessRows: new Map(),
		firings: new Map(),
		notifications: []
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
		firings: new Map(),
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
		fairnessRows: new Map(),
		firings: new Map(),
		notifications: []
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
		firings: new Map(),
		everHeld: new Set(),
		enqueued: []
	};
}

describe('nemesis firing checkers', () => {
	// Its earlier history is left out: the world below has only the firing's own actions.
	const made = onStation('R1', 'studio-kiln-a', 2);
	const base: Reservation = { ...made, stageHistory: [] };
	const at = base.createdAt;
	const loadingRow = {
		...made.stageHistory[0],
		reason: 'firing_loading',
		notes: 'Firing F1: glaze, cone 04.'
	};
	const doc: Reservation = { ...base, stageHistory: [...base.stageHistory, loadingRow] };
	const firing: Firing = {
		id: 'F1',
		stationId: 'studio-kiln-a',
		firingType: 'glaze',
		targetCone: '04',
		programNotes: null,
		plannedDate: at,
		members: [
			{ reservationId: 'R1', halfShelves: 2, outcome: null, outcomeReason: null, flags: [] }
		],
		state: 'loading',
		createdAt: at,
		createdByUid: 'staff-sam',
		loadingStartedAt: at,
		loadedByUid: 'staff-sam',
		firingStartedAt: null,
		unloadedAt: null,
		unloadedByUid: null,
		notes: null,
		version: 2,
		updatedAt: at
	};
	const stepRow = row(2, {
		type: 'firing.step',
		reservationId: null,
		payload: { firingId: 'F1', step: 'start_loading', outcomes: [], notes: null }
	} as Partial<OutboxRow>);
	const stepAction = (result: ActionResult): ServerAction => ({
		deviceId: DEV,
		queueRevision: 2,
		type: 'firing.step',
		reservationId: null,
		result
	});

	function firingWorld(
		o: {
			firing?: Firing;
			kioskFiring?: Firing | null;
			card?: Reservation;
			history?: number;
			step?: ServerAction;
			notifications?: ServerSnapshot['notifications'];
		} = {}
	) {
		const f = o.firing ?? firing;
		const card = o.card ?? doc;
		const server: ServerSnapshot = {
			...emptyServer(),
			actions: [o.step ?? stepAction(applied(2))],
			reservations: new Map([['R1', card]]),
			historyRows: new Map([['R1', o.history ?? card.stageHistory.length]]),
			firings: new Map([[f.id, f]]),
			notifications: o.notifications ?? []
		};
		const kiosk: KioskSnapshot = {
			...emptyKiosk(),
			outbox: [stepRow],
			reservations: new Map([['R1', card]]),
			firings: o.kioskFiring === null ? new Map() : new Map([[f.id, o.kioskFiring ?? f]]),
			enqueued: [2]
		};
		return checkWorld(server, [kiosk], [{ deviceId: DEV, queueRevision: 2 }]).join('\n');
	}

	it('pass a consistent firing world, and count the step as a change of its member', () => {
		expect(firingWorld()).toEqual('');
		// The member's step row missing: the card has fewer history rows than applied changes.
		expect(firingWorld({ card: base })).toMatch(/history: R1 has 0 rows for 1 applied changes/);
	});

	it('name a step refused wholesale, and a not_found for a firing the server has', () => {
		const refused = (code: 'conflict' | 'not_found') =>
			stepAction({
				queueRevision: 2,
				status: 'rejected',
				replay: false,
				code,
				message: 'x',
				details: null,
				reservation: null,
				appliedAt: at
			});
		const planned = { ...firing, state: 'planned' as const, version: 1 };
		expect(firingWorld({ step: refused('conflict'), firing: planned, card: base })).toMatch(
			/refused wholesale \(conflict\)/
		);
		expect(firingWorld({ step: refused('not_found'), firing: planned, card: base })).toMatch(
			/refused not_found, but the server has that firing/
		);
	});

	it('name a state that is not the furthest applied step, and a kiosk that did not converge', () => {
		expect(firingWorld({ firing: { ...firing, state: 'firing' } })).toMatch(
			/state firing after applied steps \[loading\]/
		);
		expect(firingWorld({ kioskFiring: null })).toMatch(/kiosk1: missing firing F1/);
		expect(firingWorld({ kioskFiring: { ...firing, version: 1 } })).toMatch(
			/firing F1 is v1 on the kiosk, v2 on the server/
		);
	});

	it('name a flag without its history row, a message to a flagged card and a doubled message', () => {
		const flag = { step: 'start_loading' as const, code: 'conflict' as const, message: 'x', at };
		const flagged = { ...firing, members: [{ ...firing.members[0], flags: [flag] }] };
		expect(firingWorld({ firing: flagged })).toMatch(/1 flags but 0 flagged history rows/);
		const flaggedRow = {
			...loadingRow,
			reason: 'firing_flagged',
			notes: 'Firing F1 (start_loading): x'
		};
		const flaggedDoc = { ...base, stageHistory: [...base.stageHistory, flaggedRow] };
		expect(firingWorld({ firing: flagged, card: flaggedDoc })).toEqual('');
		const msg = (kind: string) => ({ id: `ntf:${DEV}:2:R1:${kind}`, reservationId: 'R1', kind });
		expect(
			firingWorld({ firing: flagged, card: flaggedDoc, notifications: [msg('ready_for_pickup')] })
		).toMatch(/flagged R1 was still sent ready_for_pickup/);
		expect(
			firingWorld({
				notifications: [msg('ready_for_pickup'), { ...msg('ready_for_pickup'), id: 'ntf:x' }]
			})
		).toEqual('');
		const twoSteps = {
			...firing,
			state: 'firing' as const,
			version: 3
		};
		const second = row(3, {
			type: 'firing.step',
			reservationId: null,
			payload: { firingId: 'F1', step: 'start_firing', outcomes: [], notes: null }
		} as Partial<OutboxRow>);
		const server: ServerSnapshot = {
			...emptyServer(),
			actions: [stepAction(applied(2)), { ...stepAction(applied(3)), queueRevision: 3 }],
			reservations: new Map([['R1', doc]]),
			firings: new Map([['F1', twoSteps]]),
			notifications: [
				{ id: `ntf:${DEV}:2:R1:ready_for_pickup`, reservationId: 'R1', kind: 'ready_for_pickup' },
				{ id: `ntf:${DEV}:3:R1:ready_for_pickup`, reservationId: 'R1', kind: 'ready_for_pickup' }
			]
		};
		const kiosk = { ...emptyKiosk(), outbox: [stepRow, second], firings: server.firings };
		expect(firingViolations(server, [kiosk]).join('\n')).toMatch(
			/R1 was sent ready_for_pickup twice/
		);
	});

	it('name a firing planned over its kiln and a card in two active firings', () => {
		const over = { ...firing, members: [{ ...firing.members[0], halfShelves: 9 }] };
		expect(firingWorld({ firing: over })).toMatch(
			/9 half-shelves planned into studio-kiln-a \(8\)/
		);
		const server: ServerSnapshot = {
			...emptyServer(),
			firings: new Map([
				['F1', { ...firing, state: 'planned', version: 1 }],
				['F2', { ...firing, id: 'F2', state: 'planned', version: 1 }]
			])
		};
		expect(firingViolations(server, []).join('\n')).toMatch(/F2: R1 is also in active firing F1/);
	});
});
