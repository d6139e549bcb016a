import type { HandleServerError, ServerInit } from '@sveltejs/kit';
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

/** Unknown errors never leak internals; the body keeps the ErrorBody shape's code. */
export const handleError: HandleServerError = ({ error, status }) => {
	if (status >= 500)
		console.error(JSON.stringify({ level: 'error', msg: 'unhandled', error: String(error) }));
	return {
		message: status >= 500 ? 'Internal error' : 'Not found',
		code: status >= 500 ? 'internal' : 'not_found'
	};
};
