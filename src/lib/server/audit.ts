import type { Queryable } from './store/types';

/** One refused request or action, kept so an admin can see who tried what from which kiosk. */
export interface Refusal {
	deviceId: string | null;
	actorUid: string | null;
	code: string;
	at: string;
	detail?: Record<string, unknown>;
}

export async function recordRefusal(q: Queryable, r: Refusal): Promise<void> {
	await q.query(
		'INSERT INTO audit_log (device_id, actor_uid, code, at, detail) VALUES ($1, $2, $3, $4, $5::jsonb)',
		[r.deviceId, r.actorUid, r.code, r.at, JSON.stringify(r.detail ?? {})]
	);
}
