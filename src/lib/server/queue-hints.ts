import type { Reservation } from '../domain/reservation';
import type { Station } from '../domain/stations';
import type { Queryable } from './store/types';

/**
 * Peers whose queue hints changed after an action at these stations, already written.
 * Called under the stations' locks, so writing peer rows cannot race another action there.
 *
 * CALL SITE FOR `computeQueueHints` (src/lib/domain/queue.ts, not merged yet): compute the hints
 * for each station's peers with it, then `updateReservation` only the peers whose
 * `queuePositionHint` / `estimatedWindow` differ, and return them so the caller logs them in
 * the change log. Until then no hint is written and the board orders cards on read.
 */
export async function refreshQueueHints(
	_q: Queryable,
	_stations: readonly Station[],
	_stationIds: readonly string[],
	_now: string
): Promise<Reservation[]> {
	return [];
}
