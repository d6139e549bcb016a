import { errorReply, readBodyText, toResponse } from '$lib/server/http';
import { getServer } from '$lib/server/server';
import { handleFaults } from '../../../../testing/server/test-faults';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request }) => {
	const text = await readBodyText(request, 4_096);
	if (text === null) return toResponse(errorReply(413, 'too_large', 'The request is too large.'));
	return toResponse(handleFaults(await getServer(), text));
};
