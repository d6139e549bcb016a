import type { Reservation } from '../domain/reservation';
import type { SeenRow } from './db';

/*
 * "New requests are noticed": a request stays new on this kiosk until a member of staff opens
 * it here. Requests older than the moment the kiosk began noticing (`SINCE_KEY`, set once) are
 * not new, so an upgraded kiosk does not flag its whole backlog.
 */

export const SINCE_KEY = '@since';

export interface SeenState {
	ids: ReadonlySet<string>;
	/** When this kiosk began noticing; null until that row is read or written. */
	since: string | null;
}

export function seenState(rows: readonly SeenRow[]): SeenState {
	const since = rows.find((r) => r.id === SINCE_KEY)?.at ?? null;
	return { ids: new Set(rows.filter((r) => r.id !== SINCE_KEY).map((r) => r.id)), since };
}

export function isNewRequest(r: Reservation, seen: SeenState): boolean {
	return (
		r.status === 'REQUESTED' &&
		!r.isArchived &&
		seen.since !== null &&
		r.createdAt > seen.since &&
		!seen.ids.has(r.id)
	);
}

export function countNew(reservations: Iterable<Reservation>, seen: SeenState): number {
	let n = 0;
	for (const r of reservations) if (isNewRequest(r, seen)) n++;
	return n;
}
