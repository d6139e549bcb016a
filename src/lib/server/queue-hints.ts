import { computeQueueHints } from '../domain/queue';
import type { Reservation } from '../domain/reservation';

/**
 * Queue hints after an action, for the acted cards and the peers on the stations it locked.
 * Acted cards get the hint folded in (same version); a peer is returned only when its hint
 * changed, with its version bumped, so the caller writes and logs just those rows.
 */
export function withQueueHints(
	acted: readonly Reservation[],
	peersByStation: ReadonlyMap<string, readonly Reservation[]>,
	lockedStations: readonly string[],
	now: string
): { acted: Reservation[]; peers: Reservation[] } {
	const actedIds = new Set(acted.map((r) => r.id));
	const peers = lockedStations
		.flatMap((s) => peersByStation.get(s) ?? [])
		.filter((r) => !actedIds.has(r.id));
	const hints = computeQueueHints([...acted, ...peers], now);
	const withHint = (r: Reservation) => {
		const h = hints.get(r.id);
		return h
			? { ...r, queuePositionHint: h.queuePositionHint, estimatedWindow: h.estimatedWindow }
			: r;
	};
	return {
		acted: acted.map(withHint),
		peers: peers
			.filter((r) => hints.has(r.id))
			.map((r) => ({ ...withHint(r), version: r.version + 1 }))
	};
}
