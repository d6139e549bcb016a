import { ADMIN_TICKET_HEADER, handleListDevices } from '$lib/server/admin-devices';
import { toResponse } from '$lib/server/http';
import { getServer } from '$lib/server/server';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ request }) =>
	toResponse(
		await handleListDevices(
			await getServer(),
			request.headers.get('authorization'),
			request.headers.get(ADMIN_TICKET_HEADER)
		)
	);
