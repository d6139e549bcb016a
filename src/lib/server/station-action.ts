import type { ApplyContext } from '../domain/context';
import { applyStationAction as decideStation } from '../domain/station-availability';
import { normalizeStationId, type Station } from '../domain/stations';
import type { WireAction } from '../sync/contract';
import type { Outcome } from './apply-one';
import { appendChanges } from './change-log';
import { loadStations } from './reservation-rows';
import { appliedResult, refusedResult } from './results';
import type { Queryable } from './store/types';

type StationAction = Extract<WireAction, { type: 'station.availability' }>;

/** Opens or closes a kiln station (supervisor). Locks the station row it changes. */
export async function applyStationAction(
	tx: Queryable,
	a: StationAction,
	deviceId: string,
	base: Pick<ApplyContext, 'now' | 'actor' | 'requestId' | 'timeZone' | 'secret'>
): Promise<Outcome> {
	const { now } = base;
	const id = normalizeStationId(a.payload.stationId, await loadStations(tx));
	const rows = await tx.query<{ doc: Station; version: number }>(
		'SELECT doc, version FROM stations WHERE id = $1 FOR UPDATE',
		[id ?? '']
	);
	const row = rows[0];
	if (!row) {
		const msg = `There is no station “${a.payload.stationId}”.`;
		return { result: refusedResult(a.queueRevision, 'not_found', msg, null, null, now), seq: 0 };
	}
	const out = decideStation(row.doc, a, { ...base, stations: [row.doc], stationPeers: () => [] });
	if (!out.ok) {
		const result = refusedResult(
			a.queueRevision,
			out.code,
			out.message,
			out.details ?? null,
			null,
			base.now
		);
		return { result, seq: 0 };
	}
	if (out.noop) return { result: appliedResult(a.queueRevision, null, true, base.now), seq: 0 };
	const doc = out.station;
	const version = Number(row.version) + 1;
	await tx.query('UPDATE stations SET doc = $2::jsonb, version = $3 WHERE id = $1', [
		doc.id,
		JSON.stringify(doc),
		version
	]);
	const seq = await appendChanges(tx, [
		{ stationId: doc.id, deviceId, version, groups: ['availability'], at: now }
	]);
	return { result: appliedResult(a.queueRevision, null, false, now), seq };
}
