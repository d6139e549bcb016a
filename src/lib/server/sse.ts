import { currentCursor } from './change-log';
import type { ServerDeps } from './deps';
import { authenticateDevice } from './devices';
import { tokenFromHeader } from './device-token';
import { toResponse } from './http';

/**
 * `GET /api/sync/events`: server-sent "changed" hints with the latest cursor. EventSource cannot
 * send headers, so the credential may come as `?token=`.
 */
export async function handleEvents(
	deps: ServerDeps,
	authHeader: string | null,
	url: URL
): Promise<Response> {
	const token = tokenFromHeader(authHeader) ?? url.searchParams.get('token');
	const auth = await authenticateDevice(deps, token);
	if (!auth.ok) return toResponse(auth.reply);
	const cursor = await currentCursor(deps.store);
	return new Response(deps.hub.stream(cursor), {
		headers: {
			'content-type': 'text/event-stream',
			'cache-control': 'no-store',
			connection: 'keep-alive',
			'x-accel-buffering': 'no'
		}
	});
}
