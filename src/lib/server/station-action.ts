import type { Station } from '../domain/stations';
import type { WireAction } from '../sync/contract';
import type { Outcome } from './apply-one';
import { appendChanges } from './change-log';
import { appliedResult, refusedResult } from './results';
import type { Queryable } from './store/types';

type StationAction = Extract<WireAction, { type: 'station.availability' }>;

/** Opens or closes a kiln station (supervisor). Locks the station row it changes. */
export async function applyStationAction(
	tx: Queryable,
	a: StationAction,
	deviceId: string,
	now: string
): Promise<Outcome> {
	const rows = await tx.query<{ doc: Station; version: number }>(
		'SELECT doc, version FROM stations WHERE id = $1 FOR UPDATE',
		[a.payload.stationId]
	);
	const row = rows[0];
	if (!row) {
		const msg = `There is no station “${a.payload.stationId}”.`;
		return { result: refusedResult(a.queueRevision, 'not_found', msg, null, null, now), seq: 0 };
	}
	const unavailableReason = a.payload.available ? null : a.payload.reason;
	if (
		row.doc.available === a.payload.available &&
		row.doc.unavailableReason === unavailableReason
	) {
		return { result: appliedResult(a.queueRevision, null, true, now), seq: 0 };
	}
	const doc: Station = { ...row.doc, available: a.payload.available, unavailableReason };
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
