import { getServer } from '$lib/server/server';
import { handleLiveTicket } from '$lib/server/sse';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request }) =>
	handleLiveTicket(await getServer(), request.headers.get('authorization'));
