import { ADMIN_TICKET_HEADER, handleDecidePending } from '$lib/server/admin-devices';
import { toResponse } from '$lib/server/http';
import { getServer } from '$lib/server/server';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, params }) =>
	toResponse(
		await handleDecidePending(
			await getServer(),
			request.headers.get('authorization'),
			request.headers.get(ADMIN_TICKET_HEADER),
			params.id,
			params.decision
		)
	);
