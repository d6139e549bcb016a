import type { ArchiveRow, OutboxRow } from '../../lib/client/db';
import type { Firing } from '../../lib/domain/firing-record';
import type { Reservation } from '../../lib/domain/reservation';
import type { Station } from '../../lib/domain/stations';
import type { Queryable } from '../../lib/server/store/types';
import type { ActionResult } from '../../lib/sync/contract';
import type { SimKiosk } from './sim-kiosk';

export interface ServerAction {
	deviceId: string;
	queueRevision: number;
	type: string;
	reservationId: string | null;
	result: ActionResult | null;
}

/** What the checkers read from the server after quiescence. */
export interface ServerSnapshot {
	actions: ServerAction[];
	reservations: Map<string, Reservation>;
	stations: Station[];
	historyRows: Map<string, number>;
	fairnessRows: Map<string, number>;
	firings: Map<string, Firing>;
	/** Every stored customer message (ids derive from the request that made them). */
	notifications: { id: string; reservationId: string; kind: string }[];
}

export interface KioskSnapshot {
	name: string;
	deviceId: string;
	outbox: OutboxRow[];
	archive: ArchiveRow[];
	reservations: Map<string, Reservation>;
	stations: Station[];
	firings: Map<string, Firing>;
	everHeld: ReadonlySet<number>;
	/** Revisions handed out by enqueue during the run (the harness's own ledger). */
	enqueued: number[];
}

const countBy = (rows: { id: string; n: number | string }[]) =>
	new Map(rows.map((r) => [r.id, Number(r.n)]));

export async function readServer(q: Queryable): Promise<ServerSnapshot> {
	const actions = await q.query<{
		device_id: string;
		queue_revision: number;
		type: string;
		reservation_id: string | null;
		result: ActionResult | null;
	}>('SELECT device_id, queue_revision, type, reservation_id, result FROM applied_actions');
	const reservations = await q.query<{ doc: Reservation }>('SELECT doc FROM reservations');
	const stations = await q.query<{ doc: Station }>('SELECT doc FROM stations ORDER BY id');
	return {
		actions: actions.map((a) => ({
			deviceId: a.device_id,
			queueRevision: Number(a.queue_revision),
			type: a.type,
			reservationId: a.reservation_id,
			result: a.result
		})),
		reservations: new Map(reservations.map((r) => [r.doc.id, r.doc])),
		stations: stations.map((s) => s.doc),
		historyRows: countBy(
			await q.query<{ id: string; n: number }>(
				'SELECT reservation_id AS id, count(*) AS n FROM stage_history GROUP BY reservation_id'
			)
		),
		firings: new Map(
			(await q.query<{ doc: Firing }>('SELECT doc FROM firings')).map((f) => [f.doc.id, f.doc])
		),
		notifications: (
			await q.query<{ id: string; reservation_id: string; kind: string }>(
				"SELECT id, reservation_id, doc->>'kind' AS kind FROM notifications ORDER BY id"
			)
		).map((n) => ({ id: n.id, reservationId: n.reservation_id, kind: n.kind })),
		fairnessRows: countBy(
			await q.query<{ id: string; n: number }>(
				'SELECT reservation_id AS id, count(*) AS n FROM fairness_audit GROUP BY reservation_id'
			)
		)
	};
}

export async function readKiosk(k: SimKiosk, enqueued: number[]): Promise<KioskSnapshot> {
	return {
		name: k.name,
		deviceId: k.deviceId,
		outbox: await k.db.outbox.toArray(),
		archive: await k.db.archive.toArray(),
		reservations: new Map((await k.db.reservations.toArray()).map((r) => [r.id, r])),
		stations: await k.db.stations.orderBy('id').toArray(),
		firings: new Map((await k.db.firings.toArray()).map((f) => [f.id, f])),
		everHeld: k.everHeld,
		enqueued
	};
}
