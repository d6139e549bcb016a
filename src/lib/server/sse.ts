import { currentCursor } from './change-log';
import type { ServerDeps } from './deps';
import { authenticateDevice, issueTicket, readTicket } from './devices';
import { countRefusal } from './rate-limit';
import { tokenFromHeader } from './device-token';
import { errorReply, ok, toResponse } from './http';

/** A live ticket is good for opening one stream soon after it was issued. */
export const LIVE_TICKET_MS = 60_000;

/**
 * `POST /api/sync/events/ticket` (device credential in the header) → a short-lived ticket;
 * `GET /api/sync/events?ticket=`: server-sent "changed" hints. EventSource cannot send headers,
 * and the credential itself never goes into a URL (proxies log query strings).
 */
export async function handleLiveTicket(deps: ServerDeps, authHeader: string | null) {
	const auth = await authenticateDevice(deps, tokenFromHeader(authHeader));
	if (!auth.ok) return toResponse(auth.reply);
	const t = await issueTicket(deps.store, {
		personUid: null,
		deviceId: auth.deviceId,
		purpose: 'live',
		at: deps.now(),
		ttlMs: LIVE_TICKET_MS
	});
	return toResponse(ok(t, 201));
}

export async function handleEvents(
	deps: ServerDeps,
	authHeader: string | null,
	url: URL
): Promise<Response> {
	let deviceId: string;
	const ticket = url.searchParams.get('ticket');
	if (ticket && !authHeader) {
		const t = await readTicket(deps.store, ticket, 'live', deps.now());
		if (!t) {
			await countRefusal(deps.store, 'live_ticket_rejected', 'ticket', deps.now());
			return toResponse(errorReply(401, 'unauthenticated', 'The live ticket is not valid.'));
		}
		deviceId = t.deviceId;
	} else {
		const auth = await authenticateDevice(deps, tokenFromHeader(authHeader));
		if (!auth.ok) return toResponse(auth.reply);
		deviceId = auth.deviceId;
	}
	const cursor = await currentCursor(deps.store);
	return new Response(deps.hub.stream(cursor, deviceId), {
		headers: {
			'content-type': 'text/event-stream',
			'cache-control': 'no-store',
			connection: 'keep-alive',
			'x-accel-buffering': 'no'
		}
	});
}
