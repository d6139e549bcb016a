import {
	ADMIN_MAX_BYTES,
	ADMIN_TICKET_HEADER,
	handleRevokeDevice
} from '$lib/server/admin-devices';
import { readBodyText, toResponse } from '$lib/server/http';
import { getServer } from '$lib/server/server';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, params }) => {
	const text = await readBodyText(request, ADMIN_MAX_BYTES);
	return toResponse(
		await handleRevokeDevice(
			await getServer(),
			request.headers.get('authorization'),
			request.headers.get(ADMIN_TICKET_HEADER),
			params.id,
			text
		)
	);
};
