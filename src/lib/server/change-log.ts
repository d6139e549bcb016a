import type { FieldGroup, Reservation } from '../domain/reservation';
import type { Queryable } from './store/types';

// Held from the change-log insert to commit, so seq order is commit order and a pull reading
// `seq > cursor` can never skip a row that commits late.
export const CHANGE_LOG_LOCK = 7_246_002;

export interface Change {
	reservationId?: string | null;
	stationId?: string | null;
	firingId?: string | null;
	deviceId: string | null;
	version: number;
	groups: readonly string[];
	at: string;
}

/** Field groups whose version moved between two copies of a reservation. */
export function changedGroups(before: Reservation | null, after: Reservation): FieldGroup[] {
	const keys = new Set([
		...Object.keys(before?.fieldVersions ?? {}),
		...Object.keys(after.fieldVersions)
	]) as Set<FieldGroup>;
	return [...keys].filter((g) => before?.fieldVersions[g] !== after.fieldVersions[g]).sort();
}

/**
 * Appends rows to the change log in one statement, in the order given (seq follows it); call
 * last in the transaction. Returns the highest seq.
 */
export async function appendChanges(q: Queryable, changes: readonly Change[]): Promise<number> {
	if (changes.length === 0) return 0;
	const rows = changes.map((c) => ({
		r: c.reservationId ?? null,
		s: c.stationId ?? null,
		d: c.deviceId,
		v: c.version,
		g: c.groups,
		at: c.at,
		f: c.firingId ?? null
	}));
	// The lock in the same statement (one round trip less while it is held): no row, so no
	// nextval, comes out before the CTE has taken it. ORDER BY ord: nextval runs in row order, so
	// a card's later version gets the later seq.
	const out = await q.query<{ seq: string | number }>(
		`WITH held AS MATERIALIZED (SELECT pg_advisory_xact_lock($2))
		 INSERT INTO change_log (reservation_id, station_id, device_id, version, groups, at, firing_id)
		 SELECT e->>'r', e->>'s', e->>'d', (e->>'v')::int,
		        ARRAY(SELECT jsonb_array_elements_text(e->'g')), (e->>'at')::timestamptz, e->>'f'
		 FROM held, jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, ord) ORDER BY ord
		 RETURNING seq`,
		[JSON.stringify(rows), CHANGE_LOG_LOCK]
	);
	return out.reduce((m, r) => Math.max(m, Number(r.seq)), 0);
}

/**
 * Field groups ANOTHER device (or the server itself) changed on this card after `baseVersion`.
 * A device's own earlier actions never count: they are already in its view. The domain's
 * `staleGroups` decides which of these make an action stale.
 */
export async function groupsChangedByOthers(
	q: Queryable,
	reservationId: string,
	baseVersion: number,
	deviceId: string
): Promise<string[]> {
	const rows = await q.query<{ groups: string[] }>(
		`SELECT groups FROM change_log
		 WHERE reservation_id = $1 AND version > $2 AND device_id IS DISTINCT FROM $3`,
		[reservationId, baseVersion, deviceId]
	);
	return [...new Set(rows.flatMap((r) => r.groups))].sort();
}

export async function currentCursor(q: Queryable): Promise<number> {
	const rows = await q.query<{ seq: string | number | null }>(
		'SELECT max(seq) AS seq FROM change_log'
	);
	return Number(rows[0]?.seq ?? 0);
}
