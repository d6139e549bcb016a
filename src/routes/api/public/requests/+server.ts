import { readBodyText, toResponse } from '$lib/server/http';
import { PUBLIC_MAX_BYTES, handlePublicRequest } from '$lib/server/public-request';
import { getServer } from '$lib/server/server';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, getClientAddress }) => {
	const text = await readBodyText(request, PUBLIC_MAX_BYTES);
	return toResponse(await handlePublicRequest(await getServer(), text, getClientAddress()));
};
