import { ADMIN_MAX_BYTES, handleAdminSession } from '$lib/server/admin-devices';
import { requestAddress } from '$lib/server/client-ip';
import { readBodyText, toResponse } from '$lib/server/http';
import { getServer } from '$lib/server/server';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, getClientAddress }) => {
	const text = await readBodyText(request, ADMIN_MAX_BYTES);
	const ip = requestAddress(request, getClientAddress());
	return toResponse(
		await handleAdminSession(await getServer(), request.headers.get('authorization'), text, ip)
	);
};
