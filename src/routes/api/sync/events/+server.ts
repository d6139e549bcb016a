import { getServer } from '$lib/server/server';
import { handleEvents } from '$lib/server/sse';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ request, url }) =>
	handleEvents(await getServer(), request.headers.get('authorization'), url);
