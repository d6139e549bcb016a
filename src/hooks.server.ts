import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { endStreams, getServer, stopServer } from '$lib/server/server';

// Replaced once at start-up when KILNBOARD_TEST_HOOKS=1; a production server only resolves.
let handleRequest: Handle = ({ event, resolve }) => resolve(event);

const logLine = (level: string, msg: string, extra: Record<string, unknown> = {}) =>
	console.log(JSON.stringify({ level, msg, ...extra }));

// Open, migrate and seed before the first request; a failure is retried by the next request.
export const init: ServerInit = async () => {
	if (process.env.KILNBOARD_TEST_HOOKS === '1')
		handleRequest = (await import('./testing/server/install')).installTestHooks();
	await getServer().catch((err) => {
		console.error(JSON.stringify({ level: 'error', msg: 'start-up failed', error: String(err) }));
		// Another process owns the data folder: never serve beside it (two writers corrupt it).
		if ((err as Error)?.name === 'DataDirLockedError') {
			console.error(`Kilnboard not started: ${(err as Error).message}`);
			process.exit(1);
		}
	});
	// SIGTERM / SIGINT: adapter-node stops accepting and waits for in-flight requests (pushes
	// finish); we end the event streams at once so kiosks reconnect to another server. When the
	// last request is done adapter-node emits 'sveltekit:shutdown': stop jobs, feed, store, exit.
	for (const sig of ['SIGTERM', 'SIGINT'] as const)
		process.once(sig, () => {
			logLine('info', 'shutting down', { signal: sig });
			void endStreams();
			// A push still running after adapter-node gave up on its connection keeps the pool
			// busy; do not hang for ever (unref: a clean stop exits sooner by itself).
			const graceS = Number(process.env.SHUTDOWN_TIMEOUT) || 30;
			setTimeout(() => process.exit(1), (graceS + 15) * 1000).unref();
		});
	process.once('sveltekit:shutdown', () => {
		void stopServer()
			.catch((err) => logLine('error', 'shutdown failed', { error: String(err) }))
			.finally(() => {
				logLine('info', 'stopped');
				// Exit even if a stray handle lingers; unref: never delays a clean exit.
				setTimeout(() => process.exit(0), 2_000).unref();
			});
	});
};

/** Headers every response carries (the CSP itself comes from `kit.csp` in svelte.config.js). */
export const SECURITY_HEADERS: Record<string, string> = {
	'x-content-type-options': 'nosniff',
	'referrer-policy': 'no-referrer',
	'x-frame-options': 'DENY',
	'cross-origin-opener-policy': 'same-origin'
};

export const handle: Handle = async (input) => {
	const res = await handleRequest(input);
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
