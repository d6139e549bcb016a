import type { ActionResult } from '../sync/contract';
import type { ActorRow } from './actor';
import type { Refusal } from './audit';
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
