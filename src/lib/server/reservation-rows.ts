import type { Effects } from '../domain/effects';
import type { Reservation } from '../domain/reservation';
import type { Station } from '../domain/stations';
import type { Queryable } from './store/types';

/** The reservation as stored, optionally locked for the rest of the transaction. */
export async function loadReservation(
	q: Queryable,
	id: string,
	lock = false
): Promise<Reservation | null> {
	const rows = await q.query<{ doc: Reservation }>(
		`SELECT doc FROM reservations WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
		[id]
	);
	return rows[0]?.doc ?? null;
}

export async function loadStations(q: Queryable): Promise<Station[]> {
	const rows = await q.query<{ doc: Station }>('SELECT doc FROM stations ORDER BY position, id');
	return rows.map((r) => r.doc);
}

/** Locks station rows in id order (one global order, so two transactions cannot deadlock). */
export async function lockStations(q: Queryable, ids: Iterable<string>): Promise<string[]> {
	const sorted = [...new Set(ids)].sort();
	for (const id of sorted) await q.query('SELECT id FROM stations WHERE id = $1 FOR UPDATE', [id]);
	return sorted;
}

/** Non-archived reservations assigned to a station (read under that station's lock). */
export async function loadPeers(q: Queryable, stationId: string): Promise<Reservation[]> {
	const rows = await q.query<{ doc: Reservation }>(
		'SELECT doc FROM reservations WHERE assigned_station_id = $1 AND NOT is_archived ORDER BY id',
		[stationId]
	);
	return rows.map((r) => r.doc);
}

const columns = (r: Reservation) => [
	r.id,
	r.ownerUid,
	r.status,
	r.assignedStationId,
	r.isArchived,
	r.version,
	JSON.stringify(r),
	r.updatedAt
];

/** Inserts a new reservation; false when the id is taken (a racing insert won). */
export async function insertReservation(q: Queryable, r: Reservation): Promise<boolean> {
	const rows = await q.query(
		`INSERT INTO reservations (id, owner_uid, status, assigned_station_id, is_archived, version, doc, updated_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) ON CONFLICT (id) DO NOTHING RETURNING id`,
		columns(r)
	);
	return rows.length > 0;
}

export async function updateReservation(q: Queryable, r: Reservation): Promise<void> {
	await q.query(
		`UPDATE reservations SET owner_uid = $2, status = $3, assigned_station_id = $4,
		 is_archived = $5, version = $6, doc = $7::jsonb, updated_at = $8 WHERE id = $1`,
		columns(r)
	);
}

export interface HistoryRow {
	reservationId: string;
	idx: number;
	entry: unknown;
}

/** Stage history rows past what was already stored (the doc keeps the full list too). */
export function historyRows(r: Reservation, fromIdx: number): HistoryRow[] {
	const out: HistoryRow[] = [];
	for (let idx = fromIdx; idx < r.stageHistory.length; idx++)
		out.push({ reservationId: r.id, idx, entry: r.stageHistory[idx] });
	return out;
}

/** Writes stage history rows in one statement, whatever their number. */
export async function insertHistory(q: Queryable, rows: readonly HistoryRow[]): Promise<void> {
	if (rows.length === 0) return;
	await q.query(
		`INSERT INTO stage_history (reservation_id, idx, entry)
		 SELECT e->>'reservationId', (e->>'idx')::int, e->'entry'
		 FROM jsonb_array_elements($1::jsonb) e
		 ON CONFLICT DO NOTHING`,
		[JSON.stringify(rows)]
	);
}

export async function appendHistory(q: Queryable, r: Reservation, fromIdx: number): Promise<void> {
	await insertHistory(q, historyRows(r, fromIdx));
}

/** Notification and audit rows; ids are derived from the request, so replays cannot double them. */
export async function writeEffects(q: Queryable, effects: Effects): Promise<void> {
	for (const n of effects.notifications) {
		await q.query(
			`INSERT INTO notifications (id, reservation_id, doc) VALUES ($1, $2, $3::jsonb)
			 ON CONFLICT (id) DO NOTHING`,
			[n.id, n.reservationId, JSON.stringify(n)]
		);
	}
	for (const f of effects.fairnessAudit) {
		await q.query(
			`INSERT INTO fairness_audit (evidence_id, reservation_id, doc) VALUES ($1, $2, $3::jsonb)
			 ON CONFLICT (evidence_id) DO NOTHING`,
			[f.evidenceId, f.reservationId, JSON.stringify(f)]
		);
	}
	for (const s of effects.storageAudit) {
		await q.query(
			`INSERT INTO storage_audit (audit_id, reservation_id, doc) VALUES ($1, $2, $3::jsonb)
			 ON CONFLICT (audit_id) DO NOTHING`,
			[s.auditId, s.reservationId, JSON.stringify(s)]
		);
	}
}
