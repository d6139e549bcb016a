import { createEnrolCode } from '$lib/server/devices';
import { errorReply, ok, toResponse } from '$lib/server/http';
import { getServer } from '$lib/server/server';
import type { RequestHandler } from './$types';

/** Test hook (KILNBOARD_TEST_HOOKS=1 only): a one-time enrolment code for e2e and bench kiosks. */
export const POST: RequestHandler = async () => {
	const deps = await getServer();
	if (!deps.faults.enabled) return toResponse(errorReply(404, 'not_found', 'Not found.'));
	const made = await createEnrolCode(deps.store, {
		createdBy: null,
		via: 'test-hook',
		at: deps.now()
	});
	return toResponse(ok({ code: made.display, expiresAt: made.expiresAt }, 201));
};
