import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { endStreams, getServer, stopServer } from '$lib/server/server';

// Open, migrate and seed before the first request; a failure is retried by the next request.
export const init: ServerInit = async () => {
	await getServer().catch((err) => {
		console.error(JSON.stringify({ level: 'error', msg: 'start-up failed', error: String(err) }));
		// Another process owns the data folder: never serve beside it (two writers corrupt it).
		if ((err as Error)?.name === 'DataDirLockedError') {
			console.error(`Kilnboard not started: ${(err as Error).message}`);
			process.exit(1);
		}
	});
	process.once('sveltekit:shutdown', () => void stopServer());
	// adapter-node waits for open connections before 'sveltekit:shutdown': end SSE streams first.
	for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void endStreams());
};

/** Headers every response carries (the CSP itself comes from `kit.csp` in svelte.config.js). */
export const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin'
};

export const handle: Handle = async ({ event, resolve }) => {
	const res = await resolve(event);
	for (const [k, v] of Object.entries(SECURITY_HEADERS)) {
		if (!res.headers.has(k)) res.headers.set(k, v);
	}
	// Non-page answers (JSON, streams) get a CSP too: nothing may frame or script them.
	if (!res.headers.has('content-security-policy'))
		res.headers.set('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
	return res;
};

/** Unknown errors never leak internals; the body keeps the ErrorBody shape's code. */
export const handleError: HandleServerError = ({ error, status }) => {
	if (status >= 500)
		console.error(JSON.stringify({ level: 'error', msg: 'unhandled', error: String(error) }));
	return {
		message: status >= 500 ? 'Internal error' : 'Not found',
		code: status >= 500 ? 'internal' : 'not_found'
	};
};
