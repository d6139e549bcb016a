import { MAX_BODY_BYTES } from '$lib/sync/contract';
import { errorReply, readBodyText, toResponse } from '$lib/server/http';
import { handlePush } from '$lib/server/push';
import { getServer } from '$lib/server/server';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request }) => {
	const text = await readBodyText(request, MAX_BODY_BYTES);
	if (text === null)
		return toResponse(errorReply(413, 'too_large', 'The push batch is too large.'));
	return toResponse(
		await handlePush(await getServer(), request.headers.get('authorization'), text)
	);
};
