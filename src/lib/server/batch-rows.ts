import type { Effects } from '../domain/effects';
import type { Reservation } from '../domain/reservation';
import type { ActionResult, WireAction } from '../sync/contract';
import type { ActorRow } from './actor';
import type { Refusal } from './audit';
import type { StatusLinkRow } from './status-page';
import type { Queryable } from './store/types';

/**
 * A push batch's set-wise reads and writes: each takes its rows as ONE jsonb parameter, so a
 * statement costs about the same for 1 row or 200 (PGlite runs statements one at a time).
 */

/** The people credited in a batch, read once (proof keys included, never sent anywhere). */
export async function loadActors(
	q: Queryable,
	uids: Iterable<string>
): Promise<Map<string, ActorRow>> {
	const wanted = [...new Set(uids)];
	if (wanted.length === 0) return new Map();
	const rows = await q.query<ActorRow & { uid: string }>(
		`SELECT uid, role, active, kind, pin_proof_key FROM people
		 WHERE uid IN (SELECT jsonb_array_elements_text($1::jsonb))`,
		[JSON.stringify(wanted)]
	);
	return new Map(rows.map((r) => [r.uid, r]));
}

/** Stores the answers of revisions claimed in this transaction, in one statement. */
export async function storeResults(
	q: Queryable,
	deviceId: string,
	results: readonly ActionResult[]
): Promise<void> {
	if (results.length === 0) return;
	await q.query(
		`UPDATE applied_actions a SET result = e->'x'
		 FROM jsonb_array_elements($2::jsonb) e
		 WHERE a.device_id = $1 AND a.queue_revision = (e->>'r')::int`,
		[deviceId, JSON.stringify(results.map((x) => ({ r: x.queueRevision, x })))]
	);
}

/** Audits a batch's refusals in one statement, in the order they were decided. */
export async function insertRefusals(q: Queryable, rows: readonly Refusal[]): Promise<void> {
	if (rows.length === 0) return;
	await q.query(
		`INSERT INTO audit_log (device_id, actor_uid, code, at, detail)
		 SELECT e->>'deviceId', e->>'actorUid', e->>'code', (e->>'at')::timestamptz,
		        coalesce(e->'detail', '{}'::jsonb)
		 FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, ord) ORDER BY ord`,
		[JSON.stringify(rows.map((r) => ({ ...r, detail: r.detail ?? {} })))]
	);
}

/**
 * Claims every (device, revision) of a batch in one statement, the same guard as
 * `claimOrReplay` (never at or below the device's acknowledged floor). Returns the revisions
 * claimed now; any other was answered before (the caller reads it with `claimOrReplay`).
 * `$1` is the device and the rows return `queue_revision`, as the nemesis claim log expects.
 */
export async function claimAll(
	q: Queryable,
	deviceId: string,
	actions: readonly WireAction[],
	at: string
): Promise<Set<number>> {
	if (actions.length === 0) return new Set();
	const rows = await q.query<{ queue_revision: number }>(
		`INSERT INTO applied_actions (device_id, queue_revision, actor_uid, type, reservation_id, applied_at)
		 SELECT $1, (e->>'r')::int, e->>'u', e->>'t', e->>'id', $3
		 FROM jsonb_array_elements($2::jsonb) e
		 WHERE NOT EXISTS (
		   WITH floor AS MATERIALIZED (
		     SELECT acked_through FROM result_floors WHERE device_id = $1 FOR SHARE)
		   SELECT 1 FROM floor WHERE acked_through >= (e->>'r')::int)
		 ON CONFLICT DO NOTHING RETURNING queue_revision`,
		[
			deviceId,
			JSON.stringify(
				actions.map((a) => ({ r: a.queueRevision, u: a.actorUid, t: a.type, id: a.reservationId }))
			),
			at
		]
	);
	return new Set(rows.map((r) => Number(r.queue_revision)));
}

/** The stored copies of the batch's cards, read once: id → doc, or null when there is none. */
export async function loadCards(
	q: Queryable,
	ids: Iterable<string>
): Promise<Map<string, Reservation | null>> {
	const wanted = [...new Set(ids)];
	const out = new Map<string, Reservation | null>(wanted.map((id) => [id, null]));
	if (wanted.length === 0) return out;
	const rows = await q.query<{ id: string; doc: Reservation }>(
		`SELECT id, doc FROM reservations WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))`,
		[JSON.stringify(wanted)]
	);
	for (const r of rows) out.set(r.id, r.doc);
	return out;
}

/**
 * Notification and audit rows of a whole batch, one statement per table; ids are derived from
 * the request, so a replay or a duplicate inside the batch is skipped (first one wins).
 */
export async function insertEffects(q: Queryable, effects: readonly Effects[]): Promise<void> {
	const tables = [
		['notifications', 'id', effects.flatMap((e) => e.notifications.map((n) => [n.id, n]))],
		[
			'fairness_audit',
			'evidence_id',
			effects.flatMap((e) => e.fairnessAudit.map((f) => [f.evidenceId, f]))
		],
		['storage_audit', 'audit_id', effects.flatMap((e) => e.storageAudit.map((s) => [s.auditId, s]))]
	] as const;
	for (const [table, key, rows] of tables) {
		if (rows.length === 0) continue;
		await q.query(
			`INSERT INTO ${table} (${key}, reservation_id, doc)
			 SELECT e->>'k', e->'d'->>'reservationId', e->'d'
			 FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, ord) ORDER BY ord
			 ON CONFLICT (${key}) DO NOTHING`,
			[JSON.stringify(rows.map(([k, d]) => ({ k, d })))]
		);
	}
}

/** Status-link rows of a batch's new cards, in one statement. */
export async function insertStatusLinks(
	q: Queryable,
	links: readonly StatusLinkRow[]
): Promise<void> {
	if (links.length === 0) return;
	await q.query(
		`INSERT INTO status_links (token_hash, reservation_id, created_at, unsent_token)
		 SELECT e->>'h', e->>'r', (e->>'at')::timestamptz, e->>'t' FROM jsonb_array_elements($1::jsonb) e`,
		[
			JSON.stringify(
				links.map((l) => ({ h: l.tokenHash, r: l.reservationId, at: l.at, t: l.token }))
			)
		]
	);
}
