import { json } from '@sveltejs/kit';
import { readiness } from '$lib/server/server';
import type { RequestHandler } from './$types';

/**
 * `GET /healthz`: 200 when the server can serve (started, migrated, database answering),
 * 503 otherwise — as it always answered. `?live` only says the process is up (a liveness
 * probe must not restart a server whose database is down); `/readyz` is the same as `/healthz`.
 */
export const GET: RequestHandler = async ({ url }) => {
	if (url.searchParams.has('live')) return json({ ok: true, live: true });
	const r = await readiness();
	if (r.ready) return json({ ok: true, store: r.store, listening: r.listening });
	return json({ ok: false, error: { code: r.code, message: r.message } }, { status: 503 });
};
