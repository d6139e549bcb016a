import type { Handle } from '@sveltejs/kit';
import { createEnrolCode } from '../../lib/server/devices';
import { errorReply, ok, readBodyText, toResponse } from '../../lib/server/http';
import { decorateServer, getServer } from '../../lib/server/server';
import { Faults } from './faults';
import { withTestHooks } from './test-deps';
import { handleFaults } from './test-faults';
import { handleStorageEvaluate } from './test-storage';

/**
 * Test hooks for a server started with KILNBOARD_TEST_HOOKS=1 (e2e, bench): shifts the server
 * clock through the deps and returns the SvelteKit handle that answers `/api/test/*` and drops
 * push responses after commit. `hooks.server.ts` calls it at start-up; nothing else does.
 */
export function installTestHooks(): Handle {
	const faults = new Faults();
	decorateServer((deps) => withTestHooks(deps, faults));
	return testHooksHandle(faults, getServer);
}

export function testHooksHandle(faults: Faults, deps: () => ReturnType<typeof getServer>): Handle {
	return async ({ event, resolve }) => {
		const path = event.url.pathname;
		const post = event.request.method === 'POST';
		if (post && path === '/api/test/faults') {
			const text = await readBodyText(event.request, 4_096);
			if (text === null)
				return toResponse(errorReply(413, 'too_large', 'The request is too large.'));
			return toResponse(handleFaults({ faults }, text));
		}
		if (post && path === '/api/test/enrol-code') {
			// A one-time enrolment code for e2e and bench kiosks (production: the CLI or an admin).
			const d = await deps();
			const made = await createEnrolCode(d.store, {
				createdBy: null,
				via: 'test-hook',
				at: d.now()
			});
			return toResponse(ok({ code: made.display, expiresAt: made.expiresAt }, 201));
		}
		if (post && path === '/api/test/storage-evaluate')
			return toResponse(await handleStorageEvaluate(await deps()));
		const res = await resolve(event);
		if (post && path === '/api/sync/push' && res.status === 200 && faults.takeDrop())
			return new Response(null, { status: 502 });
		return res;
	};
}
