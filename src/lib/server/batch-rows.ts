import type { Effects } from '../domain/effects';
import type { Reservation } from '../domain/reservation';
import type { Station } from '../domain/stations';
import type { ActionResult, WireAction } from '../sync/contract';
import type { PersonRow } from './actor';
import type { Refusal } from './audit';
import type { Change } from './change-log';
import { CHANGE_LOG_LOCK } from './change-log';
import type { Queryable } from './store/types';

/**
 * Multi-row reads and writes for a batch: each takes the rows as ONE jsonb parameter, so a
 * statement costs the same for 1 row or 200 (PGlite runs statements one at a time).
 */

const ids = (xs: Iterable<string>) => JSON.stringify([...new Set(xs)]);
const IN_IDS = 'IN (SELECT jsonb_array_elements_text($1::jsonb))';

/** Claims every (device, queueRevision) in ascending order; returns the revisions claimed now. */
export async function claimAll(
	q: Queryable,
	deviceId: string,
	actions: readonly WireAction[],
	at: string
): Promise<Set<number>> {
	const rows = actions.map((a) => ({
		r: a.queueRevision,
		a: a.actorUid,
		t: a.type,
		id: a.reservationId
	}));
	const claimed = await q.query<{ queue_revision: number }>(
		`INSERT INTO applied_actions (device_id, queue_revision, actor_uid, type, reservation_id, applied_at)
		 SELECT $1, (e->>'r')::int, e->>'a', e->>'t', e->>'id', $3
		 FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS t(e, ord) ORDER BY ord
		 ON CONFLICT DO NOTHING RETURNING queue_revision`,
		[deviceId, JSON.stringify(rows), at]
	);
	return new Set(claimed.map((c) => Number(c.queue_revision)));
}

/** Stored results of revisions claimed by an earlier push (a visible claim always has one). */
export async function storedResults(
	q: Queryable,
	deviceId: string,
	revisions: readonly number[]
): Promise<Map<number, ActionResult>> {
	if (revisions.length === 0) return new Map();
	const rows = await q.query<{ queue_revision: number; result: ActionResult | null }>(
		`SELECT queue_revision, result FROM applied_actions
		 WHERE device_id = $1 AND queue_revision IN (SELECT (jsonb_array_elements_text($2::jsonb))::int)`,
		[deviceId, JSON.stringify(revisions)]
	);
	const out = new Map<number, ActionResult>();
	for (const r of rows) {
		if (!r.result) throw new Error(`claimed action ${deviceId}:${r.queue_revision} has no result`);
		out.set(Number(r.queue_revision), r.result);
	}
	for (const rev of revisions)
		if (!out.has(rev)) throw new Error(`claimed action ${deviceId}:${rev} vanished`);
	return out;
}

export async function storeResults(
	q: Queryable,
	deviceId: string,
	results: readonly ActionResult[]
): Promise<void> {
	if (results.length === 0) return;
	await q.query(
		`UPDATE applied_actions a SET result = e->'x'
		 FROM jsonb_array_elements($2::jsonb) e
		 WHERE a.device_id = $1 AND a.queue_revision = (e->>'r')::int`,
		[deviceId, JSON.stringify(results.map((x) => ({ r: x.queueRevision, x })))]
	);
}

export async function loadPeople(
	q: Queryable,
	uids: Iterable<string>
): Promise<Map<string, PersonRow>> {
	const rows = await q.query<PersonRow & { uid: string }>(
		`SELECT uid, role, active, kind FROM people WHERE uid ${IN_IDS}`,
		[ids(uids)]
	);
	return new Map(rows.map((r) => [r.uid, r]));
}

/** Reservations by id; `lock` takes their row locks in id order (one global order). */
export async function loadReservations(
	q: Queryable,
	wanted: Iterable<string>,
	lock: boolean
): Promise<Reservation[]> {
	const rows = await q.query<{ doc: Reservation }>(
		`SELECT doc FROM reservations WHERE id ${IN_IDS} ORDER BY id${lock ? ' FOR UPDATE' : ''}`,
		[ids(wanted)]
	);
	return rows.map((r) => r.doc);
}

/** Locks station rows in id order in one statement (the order `lockStations` uses). */
export async function lockStationRows(q: Queryable, wanted: Iterable<string>): Promise<void> {
	await q.query(`SELECT id FROM stations WHERE id ${IN_IDS} ORDER BY id FOR UPDATE`, [ids(wanted)]);
}

export async function loadStationRows(q: Queryable): Promise<Station[]> {
	const rows = await q.query<{ doc: Station }>('SELECT doc FROM stations ORDER BY position, id');
	return rows.map((r) => r.doc);
}

/** Change-log rows that OTHER devices wrote with field groups, per reservation (stale checks). */
export async function foreignChanges(
	q: Queryable,
	reservationIds: Iterable<string>,
	deviceId: string
): Promise<Map<string, { version: number; groups: string[] }[]>> {
	const rows = await q.query<{ reservation_id: string; version: number; groups: string[] }>(
		`SELECT reservation_id, version, groups FROM change_log
		 WHERE reservation_id ${IN_IDS} AND device_id IS DISTINCT FROM $2 AND cardinality(groups) > 0`,
		[ids(reservationIds), deviceId]
	);
	const out = new Map<string, { version: number; groups: string[] }[]>();
	for (const r of rows) {
		const list = out.get(r.reservation_id) ?? [];
		list.push({ version: Number(r.version), groups: r.groups });
		out.set(r.reservation_id, list);
	}
	return out;
}

const DOC_COLUMNS = `d->>'id', d->>'ownerUid', d->>'status', d->>'assignedStationId',
	(d->>'isArchived')::boolean, (d->>'version')::int, d, (d->>'updatedAt')::timestamptz`;

/** Inserts new reservations; returns how many went in (fewer = a racing insert won an id). */
export async function insertReservations(
	q: Queryable,
	docs: readonly Reservation[]
): Promise<number> {
	if (docs.length === 0) return 0;
	const rows = await q.query(
		`INSERT INTO reservations (id, owner_uid, status, assigned_station_id, is_archived, version, doc, updated_at)
		 SELECT ${DOC_COLUMNS} FROM jsonb_array_elements($1::jsonb) d
		 ON CONFLICT (id) DO NOTHING RETURNING id`,
		[JSON.stringify(docs)]
	);
	return rows.length;
}

export async function updateReservations(
	q: Queryable,
	docs: readonly Reservation[]
): Promise<void> {
	if (docs.length === 0) return;
	await q.query(
		`UPDATE reservations r SET owner_uid = d->>'ownerUid', status = d->>'status',
		 assigned_station_id = d->>'assignedStationId', is_archived = (d->>'isArchived')::boolean,
		 version = (d->>'version')::int, doc = d, updated_at = (d->>'updatedAt')::timestamptz
		 FROM jsonb_array_elements($1::jsonb) d WHERE r.id = d->>'id'`,
		[JSON.stringify(docs)]
	);
}

export interface HistoryRow {
	reservationId: string;
	idx: number;
	entry: unknown;
}

export async function insertHistory(q: Queryable, rows: readonly HistoryRow[]): Promise<void> {
	if (rows.length === 0) return;
	await q.query(
		`INSERT INTO stage_history (reservation_id, idx, entry)
		 SELECT e->>'reservationId', (e->>'idx')::int, e->'entry' FROM jsonb_array_elements($1::jsonb) e
		 ON CONFLICT DO NOTHING`,
		[JSON.stringify(rows)]
	);
}

/** Notification and audit rows of many actions; ids are derived, so replays cannot double them. */
export async function insertEffects(q: Queryable, e: Effects): Promise<void> {
	const write = async (sql: string, rows: readonly unknown[]) => {
		if (rows.length) await q.query(sql, [JSON.stringify(rows)]);
	};
	await write(
		`INSERT INTO notifications (id, reservation_id, doc)
		 SELECT d->>'id', d->>'reservationId', d FROM jsonb_array_elements($1::jsonb) d
		 ON CONFLICT (id) DO NOTHING`,
		e.notifications
	);
	await write(
		`INSERT INTO fairness_audit (evidence_id, reservation_id, doc)
		 SELECT d->>'evidenceId', d->>'reservationId', d FROM jsonb_array_elements($1::jsonb) d
		 ON CONFLICT (evidence_id) DO NOTHING`,
		e.fairnessAudit
	);
	await write(
		`INSERT INTO storage_audit (audit_id, reservation_id, doc)
		 SELECT d->>'auditId', d->>'reservationId', d FROM jsonb_array_elements($1::jsonb) d
		 ON CONFLICT (audit_id) DO NOTHING`,
		e.storageAudit
	);
}

export async function insertRefusals(q: Queryable, rows: readonly Refusal[]): Promise<void> {
	if (rows.length === 0) return;
	await q.query(
		`INSERT INTO audit_log (device_id, actor_uid, code, at, detail)
		 SELECT e->>'deviceId', e->>'actorUid', e->>'code', (e->>'at')::timestamptz,
		        coalesce(e->'detail', '{}'::jsonb)
		 FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, ord) ORDER BY ord`,
		[JSON.stringify(rows)]
	);
}

/**
 * Appends change-log rows in order under the change-log lock (held to commit, like
 * `appendChanges`). Returns the highest seq, 0 when there was nothing to log.
 */
export async function appendChangesBulk(q: Queryable, changes: readonly Change[]): Promise<number> {
	if (changes.length === 0) return 0;
	await q.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOG_LOCK]);
	const rows = changes.map((c) => ({
		r: c.reservationId ?? null,
		s: c.stationId ?? null,
		d: c.deviceId,
		v: c.version,
		g: c.groups,
		at: c.at
	}));
	const out = await q.query<{ seq: string | number }>(
		`INSERT INTO change_log (reservation_id, station_id, device_id, version, groups, at)
		 SELECT e->>'r', e->>'s', e->>'d', (e->>'v')::int,
		        ARRAY(SELECT jsonb_array_elements_text(e->'g')), (e->>'at')::timestamptz
		 FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, ord) ORDER BY ord
		 RETURNING seq`,
		[JSON.stringify(rows)]
	);
	return out.reduce((m, r) => Math.max(m, Number(r.seq)), 0);
}
