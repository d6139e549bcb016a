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

/** Appends rows to the change log; call last in the transaction. Returns the highest seq. */
export async function appendChanges(q: Queryable, changes: readonly Change[]): Promise<number> {
	if (changes.length === 0) return 0;
	await q.query('SELECT pg_advisory_xact_lock($1)', [CHANGE_LOG_LOCK]);
	let last = 0;
	for (const c of changes) {
		const rows = await q.query<{ seq: string | number }>(
			`INSERT INTO change_log (reservation_id, station_id, device_id, version, groups, at, firing_id)
			 VALUES ($1, $2, $3, $4, ARRAY(SELECT jsonb_array_elements_text($5::jsonb)), $6, $7)
			 RETURNING seq`,
			[
				c.reservationId ?? null,
				c.stationId ?? null,
				c.deviceId,
				c.version,
				JSON.stringify(c.groups),
				c.at,
				c.firingId ?? null
			]
		);
		last = Math.max(last, Number(rows[0].seq));
	}
	return last;
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
