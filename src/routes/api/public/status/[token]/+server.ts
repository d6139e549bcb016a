import { requestAddress } from '$lib/server/client-ip';
import { toResponse } from '$lib/server/http';
import { getServer } from '$lib/server/server';
import { handleStatusLookup } from '$lib/server/status-page';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ params, request, getClientAddress }) => {
	const ip = requestAddress(request, getClientAddress());
	return toResponse(await handleStatusLookup(await getServer(), params.token, ip));
};
