import { error } from '@sveltejs/kit';
import { requestAddress } from '$lib/server/client-ip';
import { getServer } from '$lib/server/server';
import { handleStatusLookup } from '$lib/server/status-page';
import { PublicStatus } from '$lib/sync/public-request';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, request, getClientAddress, setHeaders }) => {
	const ip = requestAddress(request, getClientAddress());
	const reply = await handleStatusLookup(await getServer(), params.token, ip);
	if (reply.status !== 200) {
		const body = reply.body as { error: { code: string; message: string } };
		error(reply.status, { message: body.error.message, code: body.error.code });
	}
	// The token is in the path: no cache keeps the page, no referrer carries it away.
	setHeaders({ 'cache-control': 'no-store' });
	return { status: PublicStatus.parse(reply.body) };
};
