import { halfShelves } from './half-shelves';
import { computeQueueHints, isRanked } from './queue';
import type { Instant, Reservation } from './reservation';

/**
 * Queue position and ETA band after a change, as part of applying it: the acted cards get their
 * hint folded in (same version), and the other cards on `stations` whose position or band moved
 * are returned as `peers` with the new hint (version NOT bumped: the server bumps and writes
 * them, the kiosk shows them optimistically). One rule for kiosk and server.
 */
export function foldQueueHints(
	acted: readonly Reservation[],
	stations: readonly string[],
	stationPeers: (stationId: string) => readonly Reservation[],
	now: Instant
): { acted: Reservation[]; peers: Reservation[] } {
	const actedIds = new Set(acted.map((r) => r.id));
	const peers = [...new Set(stations)]
		.flatMap((s) => stationPeers(s))
		.filter((r) => !actedIds.has(r.id));
	const hints = computeQueueHints([...acted, ...peers], now);
	const withHint = (r: Reservation) => {
		const h = hints.get(r.id);
		return h
			? { ...r, queuePositionHint: h.queuePositionHint, estimatedWindow: h.estimatedWindow }
			: r;
	};
	return { acted: acted.map(withHint), peers: peers.filter((r) => hints.has(r.id)).map(withHint) };
}

/** The stations an action's queue order can change: the card's before and after, any created. */
export function touchedStations(...cards: readonly (Reservation | null)[]): string[] {
	const ids = cards.map((c) => c?.assignedStationId ?? null).filter((s): s is string => !!s);
	return [...new Set(ids)];
}

/**
 * True when `next` reads the same as `before` for every input of the running order (station,
 * ranked or not, hold and community groups, status, rush, whole kiln, fairness, size, age, id).
 * Such an action cannot move anyone's queue place, so it re-ranks nothing: a note on a card
 * does not scan its station's peers. What time alone changes is `agedCards`' job.
 */
export function sameRankInputs(before: Reservation, next: Reservation): boolean {
	return (
		before.id === next.id &&
		before.assignedStationId === next.assignedStationId &&
		isRanked(before) === isRanked(next) &&
		!before.safetyHold === !next.safetyHold &&
		before.intakeMode === next.intakeMode &&
		before.status === next.status &&
		before.addOns.rushRequested === next.addOns.rushRequested &&
		before.addOns.wholeKilnRequested === next.addOns.wholeKilnRequested &&
		(before.queueFairness === next.queueFairness ||
			JSON.stringify(before.queueFairness) === JSON.stringify(next.queueFairness)) &&
		halfShelves(before) === halfShelves(next) &&
		before.createdAt === next.createdAt
	);
}

/**
 * True when nothing a decision on ANOTHER card of the station reads from this one changed: the
 * running order's inputs, the stored place and ETA window (queue hints compare them), and what
 * capacity counts (status, community shelf, picked up, archived and size are rank inputs
 * already). A staff note changes none of it, so the station's other cards need no new verdict.
 */
export function samePeerInputs(before: Reservation, next: Reservation): boolean {
	return (
		sameRankInputs(before, next) &&
		before.queuePositionHint === next.queuePositionHint &&
		(before.estimatedWindow === next.estimatedWindow ||
			JSON.stringify(before.estimatedWindow) === JSON.stringify(next.estimatedWindow))
	);
}
