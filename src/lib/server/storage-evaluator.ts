import type { Reservation } from '../domain/reservation';
import { evaluateStorage } from '../domain/storage';
import { appendChanges, changedGroups, type Change } from './change-log';
import type { ApplyDeps } from './deps';
import { withQueueHints } from './queue-hints';
import {
	appendHistory,
	loadPeers,
	loadReservation,
	lockStations,
	updateReservation,
	writeEffects
} from './reservation-rows';
import { RetryTransaction, withRetry } from './store/retry';
import { studioTimeZone } from './studio-config';
import type { Queryable } from './store/types';

/** Every 10 minutes: the storage timeline moves in hours and days, not seconds. */
export const STORAGE_EVAL_INTERVAL_MS = 10 * 60_000;

export interface StorageRun {
	at: string;
	examined: number;
	changed: number;
	/** Highest change-log seq written (0 = nothing changed), to hint live kiosks. */
	seq: number;
}

// Cheap pre-filter; the domain's `storageApplies` decides for real.
const CANDIDATES = `SELECT id FROM reservations
	WHERE NOT is_archived AND status <> 'CANCELLED'
	AND doc->>'loadStatus' = 'loaded' AND doc->>'readyForPickupAt' IS NOT NULL ORDER BY id`;

/**
 * Runs the domain's storage timeline over every stored candidate at the server clock.
 * Each card is evaluated in its own transaction under the same locks as the apply loop
 * (station, then card), so a staff action and the evaluator never overwrite each other.
 * Idempotent: a second run at the same instant changes nothing.
 */
export async function runStorageEvaluation(deps: ApplyDeps): Promise<StorageRun> {
	const at = deps.now();
	const timeZone = studioTimeZone();
	const ids = (await deps.store.query<{ id: string }>(CANDIDATES)).map((r) => r.id);
	let changed = 0;
	let seq = 0;
	for (const id of ids) {
		const out = await withRetry(() =>
			deps.store.transaction((tx) => evaluateOne(tx, id, at, timeZone))
		);
		if (out > 0) changed++;
		seq = Math.max(seq, out);
	}
	if (changed) deps.log.info('storage evaluated', { at, examined: ids.length, changed });
	return { at, examined: ids.length, changed, seq };
}

/** Evaluates one card; returns the change-log seq written, or 0 when nothing changed. */
async function evaluateOne(
	tx: Queryable,
	id: string,
	now: string,
	timeZone: string
): Promise<number> {
	const peek = await loadReservation(tx, id);
	if (!peek) return 0;
	const locked = await lockStations(tx, peek.assignedStationId ? [peek.assignedStationId] : []);
	const current = await loadReservation(tx, id, true);
	if (!current) return 0;
	if ((current.assignedStationId ?? null) !== (peek.assignedStationId ?? null))
		throw new RetryTransaction('reservation moved station while evaluating storage');
	const ev = evaluateStorage(current, now, timeZone);
	if (!ev.changed) return 0;

	let next: Reservation = ev.reservation;
	let peers: Reservation[] = [];
	// A reclaim archives the card: its station's queue closes up, so refresh the peers' hints.
	if (next.isArchived && !current.isArchived && locked.length) {
		const byStation = new Map([[locked[0], await loadPeers(tx, locked[0])]]);
		const hinted = withQueueHints([next], byStation, locked, now);
		next = hinted.acted[0];
		peers = hinted.peers;
	}
	await updateReservation(tx, next);
	await appendHistory(tx, next, current.stageHistory.length);
	await writeEffects(tx, {
		notifications: ev.notifications,
		fairnessAudit: [],
		storageAudit: ev.audit
	});
	const changes: Change[] = [
		{
			reservationId: id,
			deviceId: null,
			version: next.version,
			groups: changedGroups(current, next),
			at: now
		}
	];
	for (const p of peers) {
		await updateReservation(tx, p);
		changes.push({ reservationId: p.id, deviceId: null, version: p.version, groups: [], at: now });
	}
	return appendChanges(tx, changes);
}
