import { describe, expect, it } from 'vitest';
import { Action } from '../domain/actions';
import { applyAction } from '../domain/apply';
import type { Reservation } from '../domain/reservation';
import { DEMO_STATIONS } from '../domain/stations';
import { T0, intake, note, serverReservation, status } from '../../testing/client/test-support';
import { BoardIndex, byQueue, laneOf, type BoardChange } from './board-index';
import type { OutboxRow, OutboxState } from './db';
import { deriveBoard, type BoardCard } from './view';

const SETTINGS = { stations: DEMO_STATIONS, roleOf: () => 'staff' as const, timeZone: 'UTC' };
const LATER = '2026-11-25T12:00:00.000Z';

function makeRow(rev: number, id: string, action: Action, state: OutboxState = 'pending') {
	return {
		...action,
		queueRevision: rev,
		deviceId: 'dev_testkiosk01',
		actorUid: 'staff-1',
		reservationId: id,
		baseVersion: 1,
		createdAt: `2026-11-25T10:${String(rev % 60).padStart(2, '0')}:00.000Z`,
		state,
		attempts: 0,
		lastAttemptAt: null
	} as OutboxRow;
}

const assign = (s: string) =>
	Action.parse({ type: 'reservation.assign_station', payload: { assignedStationId: s } });
const load = (l: string) =>
	Action.parse({ type: 'reservation.load', payload: { loadStatus: l, reason: null } });

/** What a person sees of a card; the local arrival-code guess is random on every derive. */
function look(c: BoardCard) {
	const strip = (r: Reservation | null) =>
		r && { ...r, arrivalToken: null, arrivalTokenIssuedAt: null, arrivalTokenExpiresAt: null };
	return {
		reservation: strip(c.reservation),
		server: strip(c.server),
		badges: [c.pending, c.held, c.failed, c.waitingOn.join(',')]
	};
}

function expectSameAsFullDerive(
	index: BoardIndex,
	server: Map<string, Reservation>,
	rows: Map<number, OutboxRow>
) {
	const full = deriveBoard([...server.values()], [...rows.values()], DEMO_STATIONS, LATER);
	const want = Object.fromEntries(full.map((c) => [c.reservation.id, look(c)]));
	const got = Object.fromEntries(index.cards().map((c) => [c.reservation.id, look(c)]));
	expect(got).toEqual(want);
	// Lanes hold every card once, in queue order.
	const laned = index.laneKeys().flatMap((k) => index.lane(k));
	expect(laned.length).toBe(full.length);
	for (const k of index.laneKeys()) {
		const lane = index.lane(k);
		expect(lane.every((c) => laneOf(c.reservation) === k)).toBe(true);
		expect([...lane].sort(byQueue)).toEqual(lane);
	}
}

/** `lane` holds the lane's current cards, in queue order (ties may sit either way). */
function expectLaneOf(index: BoardIndex, key: string, lane: BoardCard[]) {
	const ids = lane.map((c) => c.reservation.id);
	expect([...ids].sort()).toEqual(
		index
			.lane(key)
			.map((c) => c.reservation.id)
			.sort()
	);
	for (const c of lane) expect(c).toBe(index.card(c.reservation.id));
	expect([...lane].sort(byQueue)).toEqual(lane);
}

/** Small deterministic PRNG so a failing sequence can be replayed from its seed. */
function prng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function placed(id: string, name: string, station: string | null, confirmed: boolean) {
	let r = serverReservation(id, name);
	const ctx = {
		now: T0,
		timeZone: 'UTC',
		secret: () => '0123456789abcdef',
		actor: { uid: 'staff-1', role: 'staff' as const },
		requestId: `seed-${id}`,
		stations: DEMO_STATIONS,
		stationPeers: () => []
	};
	if (confirmed) {
		const out = applyAction(r, status('CONFIRMED') as never, id, ctx);
		if (out.ok) r = out.reservation;
	}
	if (station) {
		const out = applyAction(r, assign(station) as never, id, ctx);
		if (out.ok) r = out.reservation;
	}
	return r;
}

describe('BoardIndex', () => {
	it('a tap re-derives that card (and the peers whose queue place it moved), nothing else', () => {
		const server = new Map<string, Reservation>();
		for (let i = 0; i < 30; i++) {
			const r = placed(`R-${i}`, `P${i}`, i < 10 ? 'studio-kiln-a' : null, true);
			server.set(r.id, r);
		}
		const index = new BoardIndex(SETTINGS, () => LATER);
		index.reset([...server.values()], []);
		const before = new Map(index.cards().map((c) => [c.reservation.id, c]));
		const row = makeRow(1, 'R-20', note('glaze drips'));
		const delta = index.apply({ outbox: { put: [row] } });
		expect([...delta.cards]).toEqual(['R-20']);
		expect(index.card('R-20')!.pending).toBe(1);
		expect(index.card('R-20')!.reservation.staffNotes.map((n) => n.text)).toEqual(['glaze drips']);
		for (const [id, c] of before) if (id !== 'R-20') expect(index.card(id)).toBe(c);
		expectSameAsFullDerive(index, server, new Map([[1, row]]));

		// Placing a card on a kiln re-ranks that kiln's queue: only that kiln's cards may change.
		const place = makeRow(2, 'R-21', assign('studio-kiln-b'));
		const moved = index.apply({ outbox: { put: [place] } });
		expect(moved.cards.has('R-21')).toBe(true);
		for (const id of moved.cards)
			expect([
				'R-21',
				...[...server.values()]
					.filter((r) => r.assignedStationId === 'studio-kiln-b')
					.map((r) => r.id)
			]).toContain(id);
		expect([...moved.lanes].sort()).toEqual(['', 'studio-kiln-b']);
		expectSameAsFullDerive(
			index,
			server,
			new Map([
				[1, row],
				[2, place]
			])
		);
	});

	it('a note leaves its lane in order and its peers’ inputs alone; a placement does not', () => {
		const server = new Map<string, Reservation>();
		for (let i = 0; i < 12; i++) {
			const r = placed(`R-${i}`, `P${i}`, 'studio-kiln-a', true);
			server.set(r.id, r);
		}
		const index = new BoardIndex(SETTINGS, () => LATER);
		index.reset([...server.values()], []);
		const lane = index.lane('studio-kiln-a');
		const quiet = index.apply({ outbox: { put: [makeRow(1, 'R-4', note('handle cracked'))] } });
		expect([...quiet.lanes]).toEqual(['studio-kiln-a']);
		expect([...quiet.peers]).toEqual([]);
		const patched = index.lane('studio-kiln-a', lane);
		expect(patched.map((c) => c.reservation.id)).toEqual(lane.map((c) => c.reservation.id));
		expect(patched.find((c) => c.reservation.id === 'R-4')!.pending).toBe(1);
		expectLaneOf(index, 'studio-kiln-a', patched);
		const moved = index.apply({ outbox: { put: [makeRow(2, 'R-5', assign('studio-kiln-b'))] } });
		expect([...moved.peers].sort()).toEqual(['studio-kiln-a', 'studio-kiln-b']);
	});

	it('a state change that applies alike (pending → syncing) keeps the card as it is', () => {
		const server = new Map([['R-1', serverReservation('R-1')]]);
		const index = new BoardIndex(SETTINGS, () => LATER);
		const row = makeRow(1, 'R-1', status('CONFIRMED'));
		index.reset([...server.values()], [row]);
		const card = index.card('R-1')!;
		index.apply({ outbox: { put: [{ ...row, state: 'syncing' }] } });
		expect(index.card('R-1')!.reservation).toBe(card.reservation);
		expect(index.card('R-1')!.pending).toBe(1);
	});

	it('holds a tap behind a failure on its card, as the full derive does', () => {
		const server = new Map([['R-1', serverReservation('R-1')]]);
		const index = new BoardIndex(SETTINGS, () => LATER);
		const failed = makeRow(1, 'R-1', status('CONFIRMED'), 'failed');
		index.reset([...server.values()], [failed]);
		const tap = makeRow(2, 'R-1', note('after the failure'));
		index.apply({ outbox: { put: [tap] } });
		expect(index.card('R-1')).toMatchObject({ held: 1, failed: 1, waitingOn: [1] });
		expect(index.card('R-1')!.reservation.staffNotes).toEqual([]);
		expectSameAsFullDerive(
			index,
			server,
			new Map([
				[1, failed],
				[2, tap]
			])
		);
	});

	it('agrees with deriveBoard after every one of many random changes', () => {
		for (const seed of [1, 2, 3, 4, 5, 6]) {
			const rand = prng(seed);
			const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
			const stations = [...DEMO_STATIONS.map((s) => s.id), null];
			const server = new Map<string, Reservation>();
			for (let i = 0; i < 24; i++) {
				const r = placed(`R-${i}`, `P${i}`, pick(stations), rand() < 0.7);
				server.set(r.id, r);
			}
			const rows = new Map<number, OutboxRow>();
			const index = new BoardIndex(SETTINGS, () => LATER);
			index.reset([...server.values()], []);
			// The lanes as the kiosk hands them out: a lane outside `peers` is patched, not re-sorted.
			const handed = new Map(index.laneKeys().map((k) => [k, index.lane(k)]));
			let rev = 0;
			let made = 0;
			for (let step = 0; step < 80; step++) {
				const change: BoardChange = {};
				const ids = [
					...new Set([...server.keys(), ...[...rows.values()].map((r) => r.reservationId!)])
				];
				const roll = rand();
				const existing = [...rows.values()];
				if (roll < 0.45 || existing.length === 0) {
					const id = rand() < 0.08 ? `N-${made++}` : pick(ids);
					const action = id.startsWith('N-')
						? intake(`New ${id}`)
						: pick([
								note(`n${step}`),
								status('CONFIRMED'),
								status('CANCELLED', 'customer called'),
								assign(pick(DEMO_STATIONS).id),
								load('loading'),
								load('loaded')
							]);
					const row = makeRow(++rev, id, action);
					rows.set(rev, row);
					change.outbox = { put: [row] };
				} else if (roll < 0.6) {
					const row = pick(existing);
					const next = { ...row, state: pick(['syncing', 'failed', 'held', 'pending'] as const) };
					rows.set(row.queueRevision, next);
					change.outbox = { put: [next] };
				} else if (roll < 0.72) {
					// Synced: the server now holds what the kiosk showed, in the same transaction.
					const row = pick(existing);
					const shown = index.card(row.reservationId!)?.reservation;
					const synced = { ...row, state: 'synced' as const };
					rows.set(row.queueRevision, synced);
					change.outbox = { put: [synced] };
					if (shown) {
						const copy = { ...shown, version: shown.version + 10 };
						server.set(copy.id, copy);
						change.reservations = { put: [copy] };
					}
				} else if (roll < 0.82) {
					const row = pick(existing);
					rows.delete(row.queueRevision);
					change.outbox = { del: [row.queueRevision] };
				} else {
					// Another kiosk moved a card: a pull brings the new server copy.
					const r = server.get(pick([...server.keys()]))!;
					const copy = { ...r, assignedStationId: pick(stations), version: r.version + 1 };
					server.set(copy.id, copy);
					change.reservations = { put: [copy] };
				}
				const delta = index.apply(change);
				for (const k of delta.lanes) {
					const patched = index.lane(k, delta.peers.has(k) ? undefined : handed.get(k));
					expectLaneOf(index, k, patched);
					handed.set(k, patched);
				}
				expectSameAsFullDerive(index, server, rows);
			}
		}
	});
});
