import { ADMIN_TICKET_HEADER, handleCreateEnrolCode } from '$lib/server/admin-devices';
import { toResponse } from '$lib/server/http';
import { getServer } from '$lib/server/server';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request }) =>
	toResponse(
		await handleCreateEnrolCode(
			await getServer(),
			request.headers.get('authorization'),
			request.headers.get(ADMIN_TICKET_HEADER)
		)
	);
