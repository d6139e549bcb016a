import { computeQueueHints } from './queue';
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
