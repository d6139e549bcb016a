import { stationChoices, type Peers } from './available';
import { suggestStation } from './board';
import { BAND_DAYS, bandFor, isRanked, rankStation } from './queue';
import type { Instant, Reservation } from './reservation';
import type { Station } from './stations';

/** Why the queue context cannot be given yet (the customer's words are in messages.ts). */
export type QueueTbdReason = 'waitlisted' | 'no_room' | 'not_in_queue';

export type QueueContext =
	| {
			kind: 'estimate';
			/** Firings ranked before this work on its (or the suggested) kiln. */
			ahead: number;
			minDays: number;
			maxDays: number;
			/** True when the studio has not placed the work yet and this is the suggested kiln. */
			provisional: boolean;
	  }
	| { kind: 'tbd'; reason: QueueTbdReason };

// Placement is judged as staff would judge it; the customer cannot place work themselves.
const JUDGE = { uid: 'queue-context', role: 'staff' } as const;

/**
 * Queue context for a customer, from the queue the server holds: the work's place on its kiln,
 * or (before the studio places it) the place it would take on the kiln the board would suggest.
 * Uses the queue's own ranking and ETA bands, so the customer hears what the kiosk would show.
 */
export function queueContext(
	r: Reservation,
	stations: readonly Station[],
	peers: Peers,
	now: Instant
): QueueContext {
	if (r.status === 'WAITLISTED') return { kind: 'tbd', reason: 'waitlisted' };
	if (!isRanked(r) || r.loadStatus !== 'queued') return { kind: 'tbd', reason: 'not_in_queue' };
	let stationId = r.assignedStationId;
	const provisional = stationId === null;
	if (stationId === null) {
		stationId = suggestStation(stationChoices(r, JUDGE, stations, peers, now))?.stationId ?? null;
		if (stationId === null) return { kind: 'tbd', reason: 'no_room' };
	}
	const others = peers(stationId).filter((p) => p.id !== r.id);
	const position = rankStation(
		[...others, { ...r, assignedStationId: stationId }],
		stationId,
		now
	).get(r.id);
	if (!position) return { kind: 'tbd', reason: 'not_in_queue' };
	const band = bandFor(position);
	return {
		kind: 'estimate',
		ahead: position - 1,
		minDays: band * BAND_DAYS,
		maxDays: (band + 1) * BAND_DAYS,
		provisional
	};
}
