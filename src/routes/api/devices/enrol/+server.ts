import { requestAddress } from '$lib/server/client-ip';
import { ENROL_MAX_BYTES, handleEnrol } from '$lib/server/devices';
import { errorReply, readBodyText, toResponse } from '$lib/server/http';
import { getServer } from '$lib/server/server';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, getClientAddress }) => {
	const text = await readBodyText(request, ENROL_MAX_BYTES);
	if (text === null) return toResponse(errorReply(413, 'too_large', 'The request is too large.'));
	const ip = requestAddress(request, getClientAddress());
	return toResponse(await handleEnrol(await getServer(), text, ip));
};
