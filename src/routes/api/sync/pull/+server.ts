import { toResponse } from '$lib/server/http';
import { handlePull } from '$lib/server/pull';
import { getServer } from '$lib/server/server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ request, url }) =>
	toResponse(await handlePull(await getServer(), request.headers.get('authorization'), url));
