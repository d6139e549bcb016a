import { requestAddress } from '$lib/server/client-ip';
import { readBodyText, toResponse } from '$lib/server/http';
import { PUBLIC_MAX_BYTES, handlePublicRequest } from '$lib/server/public-request';
import { getServer } from '$lib/server/server';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, getClientAddress }) => {
	const text = await readBodyText(request, PUBLIC_MAX_BYTES);
	const ip = requestAddress(request, getClientAddress());
	return toResponse(await handlePublicRequest(await getServer(), text, ip));
};
