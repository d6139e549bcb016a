import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { endStreams, getServer, stopServer } from '$lib/server/server';

// Replaced once at start-up when KILNBOARD_TEST_HOOKS=1; a production server only resolves.
let handleRequest: Handle = ({ event, resolve }) => resolve(event);

export const handle: Handle = (input) => handleRequest(input);

// Open, migrate and seed before the first request; a failure is retried by the next request.
export const init: ServerInit = async () => {
	if (process.env.KILNBOARD_TEST_HOOKS === '1')
		handleRequest = (await import('./testing/server/install')).installTestHooks();
	await getServer().catch((err) =>
		console.error(JSON.stringify({ level: 'error', msg: 'start-up failed', error: String(err) }))
	);
	process.once('sveltekit:shutdown', () => void stopServer());
	// adapter-node waits for open connections before 'sveltekit:shutdown': end SSE streams first.
	for (const sig of ['SIGTERM', 'SIGINT'] as const) process.once(sig, () => void endStreams());
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
