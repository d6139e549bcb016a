import { foldQueueHints } from '../domain/queue-hints';
import type { Reservation } from '../domain/reservation';

/**
 * Thin writer-side wrapper over the domain's `foldQueueHints` for jobs that change a card outside
 * `applyAction` (the storage evaluator): peers come back with their version bumped, ready to write.
 */
export function withQueueHints(
	acted: readonly Reservation[],
	peersByStation: ReadonlyMap<string, readonly Reservation[]>,
	lockedStations: readonly string[],
	now: string
): { acted: Reservation[]; peers: Reservation[] } {
	const out = foldQueueHints(acted, lockedStations, (s) => peersByStation.get(s) ?? [], now);
	return { acted: out.acted, peers: out.peers.map((r) => ({ ...r, version: r.version + 1 })) };
}
