import { agedCards } from '../domain/queue';
import { appendChanges, type Change } from './change-log';
import type { ApplyDeps } from './deps';
import { loadPeers, loadStations, lockStations, updateReservation } from './reservation-rows';
import { withRetry } from './store/retry';
import type { Queryable } from './store/types';

/** Every 15 minutes: bands are days wide, so this is ample for "never shows a past window". */
export const ETA_REFRESH_INTERVAL_MS = 15 * 60_000;

export interface EtaRefreshRun {
	at: string;
	stations: number;
	changed: number;
	/** Highest change-log seq written (0 = nothing changed), to hint live kiosks. */
	seq: number;
}

/**
 * Re-ranks every station at the server clock, so ETA bands age with time and not only when
 * something on the station changes: ended windows re-anchor, expired override boosts leave
 * the order and the stored fairness policy. Changed cards get a version bump and a change-log
 * row (kiosks pull them); no field group is marked and NO customer is messaged — telling the
 * customer stays the staff's delay escalation, prompted by the board's escalation list.
 * Idempotent: a second run at the same instant changes nothing.
 */
export async function runEtaRefresh(deps: ApplyDeps): Promise<EtaRefreshRun> {
	const at = deps.now();
	const stations = await loadStations(deps.store);
	let changed = 0;
	let seq = 0;
	for (const s of stations) {
		const out = await withRetry(() => deps.store.transaction((tx) => refreshStation(tx, s.id, at)));
		changed += out.changed;
		seq = Math.max(seq, out.seq);
	}
	if (changed) deps.log.info('eta bands refreshed', { at, stations: stations.length, changed });
	return { at, stations: stations.length, changed, seq };
}

/** One station under its lock (the same lock the apply loop and the storage evaluator take). */
async function refreshStation(
	tx: Queryable,
	stationId: string,
	now: string
): Promise<{ changed: number; seq: number }> {
	await lockStations(tx, [stationId]);
	const aged = agedCards(await loadPeers(tx, stationId), now);
	const changes: Change[] = [];
	for (const card of aged) {
		const next = { ...card, version: card.version + 1 };
		await updateReservation(tx, next);
		changes.push({
			reservationId: next.id,
			deviceId: null,
			version: next.version,
			groups: [],
			at: now
		});
	}
	return { changed: aged.length, seq: await appendChanges(tx, changes) };
}
