import type { RecordAction } from '../domain/actions';
import type { ApplyContext } from '../domain/context';
import { Firing } from '../domain/firing-record';
import { changeElements, createFiring, isActiveFiring, stepFiring } from '../domain/firings';
import type { Reservation } from '../domain/reservation';
import { normalizeStationId, type Station } from '../domain/stations';
import type { WireAction } from '../sync/contract';
import type { Outcome } from './apply-one';
import { appendChanges, changedGroups, type Change } from './change-log';
import {
	appendHistory,
	loadPeers,
	loadReservation,
	loadStations,
	lockStations,
	updateReservation,
	writeEffects
} from './reservation-rows';
import { appliedResult, refusedResult } from './results';
import { RetryTransaction } from './store/retry';
import type { Queryable } from './store/types';

type FiringAction = WireAction &
	Extract<RecordAction, { type: 'firing.create' | 'firing.step' | 'station.element_change' }>;
type Base = Pick<ApplyContext, 'now' | 'actor' | 'requestId' | 'timeZone' | 'secret' | 'prices'>;

export async function loadFiring(q: Queryable, id: string, lock = false): Promise<Firing | null> {
	const rows = await q.query<{ doc: Firing }>(
		`SELECT doc FROM firings WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
		[id]
	);
	return rows[0]?.doc ?? null;
}

async function saveFiring(q: Queryable, f: Firing, insert: boolean): Promise<void> {
	const cols = [
		f.id,
		f.stationId,
		f.state,
		f.plannedDate,
		f.version,
		JSON.stringify(f),
		f.updatedAt
	];
	if (insert)
		await q.query(
			`INSERT INTO firings (id, station_id, state, planned_date, version, doc, updated_at)
			 VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
			cols
		);
	else
		await q.query(
			`UPDATE firings SET station_id = $2, state = $3, planned_date = $4, version = $5,
			 doc = $6::jsonb, updated_at = $7 WHERE id = $1`,
			cols
		);
}

const refuse = (
	a: FiringAction,
	out: {
		code: Parameters<typeof refusedResult>[1];
		message: string;
		details?: Record<string, unknown>;
	},
	now: string
): Outcome => ({
	result: refusedResult(a.queueRevision, out.code, out.message, out.details ?? null, null, now),
	seq: 0
});

/**
 * Applies a firing action inside the caller's transaction (apply-one claims and stores the
 * result). Lock order as everywhere: stations (sorted), then the firing row, then cards (sorted).
 */
export async function applyFiringAction(
	tx: Queryable,
	a: FiringAction,
	deviceId: string,
	base: Base
): Promise<Outcome> {
	if (a.type === 'firing.create') return create(tx, a, deviceId, base);
	if (a.type === 'firing.step') return step(tx, a, deviceId, base);
	return elements(tx, a, deviceId, base);
}

async function create(
	tx: Queryable,
	a: FiringAction & { type: 'firing.create' },
	deviceId: string,
	base: Base
): Promise<Outcome> {
	const { now } = base;
	const stations = await loadStations(tx);
	const stationId = normalizeStationId(a.payload.stationId, stations) ?? a.payload.stationId;
	// The kiln's lock serialises every firing plan and every placement on it.
	await lockStations(tx, [stationId]);
	if (await loadFiring(tx, a.payload.firingId, true))
		return refuse(
			a,
			{ code: 'conflict', message: `A firing with id ${a.payload.firingId} already exists.` },
			now
		);
	const cards = new Map<string, Reservation>();
	for (const id of [...a.payload.reservationIds].sort()) {
		const r = await loadReservation(tx, id, true);
		if (r) cards.set(id, r);
	}
	const active = new Map<string, string>();
	const rows = await tx.query<{ doc: Firing }>("SELECT doc FROM firings WHERE state <> 'unloaded'");
	for (const { doc } of rows)
		if (isActiveFiring(doc)) for (const m of doc.members) active.set(m.reservationId, doc.id);
	const out = createFiring(
		{ ...a.payload, stationId },
		{
			now,
			actor: base.actor,
			stations,
			reservation: (id) => cards.get(id) ?? null,
			activeFiringOf: (id) => active.get(id) ?? null
		}
	);
	if (!out.ok) return refuse(a, out, now);
	await saveFiring(tx, Firing.parse(out.firing), true);
	const seq = await appendChanges(tx, [
		{ firingId: out.firing.id, deviceId, version: out.firing.version, groups: ['firing'], at: now }
	]);
	return { result: appliedResult(a.queueRevision, null, false, now), seq };
}

async function step(
	tx: Queryable,
	a: FiringAction & { type: 'firing.step' },
	deviceId: string,
	base: Base
): Promise<Outcome> {
	const { now } = base;
	const peek = await loadFiring(tx, a.payload.firingId);
	if (!peek)
		return refuse(
			a,
			{ code: 'not_found', message: `There is no firing ${a.payload.firingId}.` },
			now
		);
	const stations = await loadStations(tx);
	const ids = peek.members.map((m) => m.reservationId).sort();
	const peeked = await Promise.all(ids.map((id) => loadReservation(tx, id)));
	const wanted = [peek.stationId, ...peeked.map((r) => r?.assignedStationId)].filter(
		(s): s is string => !!s
	);
	const locked = await lockStations(tx, wanted);
	const firing = await loadFiring(tx, a.payload.firingId, true);
	if (!firing) throw new RetryTransaction('firing vanished while locking');
	const cards = new Map<string, Reservation>();
	for (const id of ids) {
		const r = await loadReservation(tx, id, true);
		if (!r) continue;
		if (r.assignedStationId && !locked.includes(r.assignedStationId))
			throw new RetryTransaction('reservation moved station while locking');
		cards.set(id, r);
	}
	const peers = new Map<string, Reservation[]>();
	for (const s of locked) peers.set(s, await loadPeers(tx, s));
	const ctx: ApplyContext = { ...base, stations, stationPeers: (s) => peers.get(s) ?? [] };
	const out = stepFiring(firing, a.payload, (id) => cards.get(id) ?? null, ctx);
	if (!out.ok) return refuse(a, out, now);
	if (out.noop) return { result: appliedResult(a.queueRevision, null, true, now), seq: 0 };

	await saveFiring(tx, Firing.parse(out.firing), false);
	const changes: Change[] = [
		{ firingId: firing.id, deviceId, version: out.firing.version, groups: ['firing'], at: now }
	];
	for (const { before, after } of out.cards) {
		await updateReservation(tx, after);
		await appendHistory(tx, after, before.stageHistory.length);
		changes.push({
			reservationId: after.id,
			deviceId,
			version: after.version,
			groups: changedGroups(before, after),
			at: now
		});
	}
	await writeEffects(tx, out.effects);
	// Peers' rows are covered by their station's lock, as in apply-one.
	for (const moved of out.peers) {
		const peer = { ...moved, version: moved.version + 1 };
		await updateReservation(tx, peer);
		changes.push({ reservationId: peer.id, deviceId, version: peer.version, groups: [], at: now });
	}
	const seq = await appendChanges(tx, changes);
	return { result: appliedResult(a.queueRevision, null, false, now), seq };
}

/** A supervisor resets the kiln's "firings since the last element change" (station row, locked). */
async function elements(
	tx: Queryable,
	a: FiringAction & { type: 'station.element_change' },
	deviceId: string,
	base: Base
): Promise<Outcome> {
	const { now } = base;
	const id = normalizeStationId(a.payload.stationId, await loadStations(tx));
	const rows = await tx.query<{ doc: Station; version: number }>(
		'SELECT doc, version FROM stations WHERE id = $1 FOR UPDATE',
		[id ?? '']
	);
	const row = rows[0];
	if (!row)
		return refuse(
			a,
			{ code: 'not_found', message: `There is no station “${a.payload.stationId}”.` },
			now
		);
	const out = changeElements(row.doc, a.payload, base);
	if (!out.ok) return refuse(a, out, now);
	const version = Number(row.version) + 1;
	await tx.query('UPDATE stations SET doc = $2::jsonb, version = $3 WHERE id = $1', [
		out.station.id,
		JSON.stringify(out.station),
		version
	]);
	const seq = await appendChanges(tx, [
		{ stationId: out.station.id, deviceId, version, groups: ['elements'], at: now }
	]);
	return { result: appliedResult(a.queueRevision, null, false, now), seq };
}
