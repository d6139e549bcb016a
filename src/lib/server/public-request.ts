import { randomUUID } from 'node:crypto';
import { Action } from '../domain/actions';
import { newReservationId } from '../domain/ids';
import { customerMessage, NEXT_STEP_WORDS, queueContextLine } from '../domain/messages';
import { shortReference } from '../domain/reference';
import type { Reservation } from '../domain/reservation';
import type { WireAction } from '../sync/contract';
import { PublicRequest, type PublicRequestResponse } from '../sync/public-request';
import { decideReservation } from './apply-one';
import { upsertCustomer } from './customers';
import { queueContextFor, statusPath } from './status-page';
import { serverSecret, studioName, studioTimeZone } from './studio-config';
import type { ServerDeps } from './deps';
import type { Queryable } from './store/types';
import { errorReply, invalidReply, ok, parseJson, type Reply } from './http';
import { countAttempt, countRefusal } from './rate-limit';
import { withRetry } from './store/retry';

export const PUBLIC_MAX_BYTES = 16_384;
/** Requests allowed per client address in the window (every attempt counts, valid or not). */
export const PUBLIC_REQUESTS_PER_WINDOW = 5;
export const PUBLIC_WINDOW_MS = 10 * 60_000;
/** All addresses together (a flood from many addresses): the studio's ceiling per window. */
export const PUBLIC_GLOBAL_PER_WINDOW = 60;
/** Up to this many per window (all addresses) go straight to the boards; the rest wait unconfirmed. */
export const PUBLIC_BOARD_PER_WINDOW = 20;
/** The change-log device of customer requests: there is no kiosk behind them. */
export const PUBLIC_SOURCE = 'public';

function intakeFor(req: PublicRequest, ownerUid: string) {
	return Action.safeParse({
		type: 'reservation.intake',
		payload: {
			ownerUid,
			customerName: req.customerName,
			firingType: req.firingType,
			intakeMode: 'SHELF_PURCHASE',
			shelfEquivalent: req.estimatedHalfShelves / 2,
			estimatedHalfShelves: req.estimatedHalfShelves,
			addOns: { rushRequested: req.rushRequested },
			notesGeneral: req.notes || null,
			pieces: req.pieces
		}
	});
}

/**
 * `POST /api/public/requests`: the customer client flow (no device, no PIN). `bodyText` null
 * means the body was over the size limit. Creates a REQUESTED reservation as actor role
 * `client` through the apply loop's decide step, with its `request_received` notification.
 */
export async function handlePublicRequest(
	deps: ServerDeps,
	bodyText: string | null,
	ip: string
): Promise<Reply> {
	const at = deps.now();
	const nowMs = Date.parse(at);
	// Refusals are counters per (reason, address, minute), never one audit row each.
	const refuse = async (reply: Reply, reason: string) => {
		await countRefusal(deps.store, `public_${reason}`, ip, at);
		return reply;
	};
	// Every attempt counts (valid or not), before anything else: per address and all together.
	const limit = await countAttempt(
		deps.store,
		[
			{ scope: 'public:ip', key: ip, max: PUBLIC_REQUESTS_PER_WINDOW, windowMs: PUBLIC_WINDOW_MS },
			{ scope: 'public:all', key: '*', max: PUBLIC_GLOBAL_PER_WINDOW, windowMs: PUBLIC_WINDOW_MS }
		],
		nowMs
	);
	if (!limit.ok) {
		const msg =
			limit.scope === 'public:all'
				? 'The studio is receiving many requests right now. Please try again later.'
				: 'Too many requests from this address. Please try again later.';
		return refuse(
			errorReply(429, 'rate_limited', msg, undefined, { 'retry-after': String(limit.retryAfter) }),
			limit.scope === 'public:all' ? 'ceiling' : 'rate_limited'
		);
	}
	if (bodyText === null)
		return refuse(errorReply(413, 'too_large', 'The request is too large.'), 'too_large');
	const parsed = parseJson(bodyText, PUBLIC_MAX_BYTES);
	if (!parsed.ok) return refuse(parsed.reply, String(parsed.reply.status));
	const req = PublicRequest.safeParse(parsed.value);
	if (!req.success)
		return refuse(invalidReply(req.error, 'Please check the highlighted fields.'), 'invalid');

	// Beyond the board threshold (all addresses together) a request waits in the unconfirmed lane:
	// it reaches no board until a staff admin accepts it on the Kiosks screen.
	const lane = await countAttempt(
		deps.store,
		[{ scope: 'public:board', key: '*', max: PUBLIC_BOARD_PER_WINDOW, windowMs: PUBLIC_WINDOW_MS }],
		nowMs
	);
	if (!lane.ok) {
		const pendingId = `req_${randomUUID()}`;
		await deps.store.query(
			`INSERT INTO pending_requests (id, body, source, received_at) VALUES ($1, $2::jsonb, $3, $4)`,
			[pendingId, JSON.stringify(req.data), ip, at]
		);
		const body: PublicRequestResponse = {
			reservationId: pendingId,
			studioName: studioName(),
			reference: null,
			title: 'Request received',
			body: 'The studio is receiving many requests right now: a staff member will confirm yours before it joins the queue.',
			queueLine: 'Your place in line: to be confirmed — the studio accepts your request first.',
			nextStep:
				'What happens next: once a staff member accepts it, you get a message with your reference and a link to follow your work.',
			statusPath: null
		};
		return ok(body, 202);
	}
	const made = await createPublicReservation(deps, req.data, at);
	return made.ok ? ok(made.body, 201) : made.reply;
}

/** Creates the REQUESTED reservation of a (validated) public request, as role `client`. */
export async function createPublicReservation(
	deps: ServerDeps,
	data: PublicRequest,
	at: string
): Promise<{ ok: true; body: PublicRequestResponse } | { ok: false; reply: Reply }> {
	const id = newReservationId(randomUUID);
	const out = await withRetry(() =>
		deps.store.transaction(async (tx) => {
			const made = await decidePublic(tx, deps, data, id, at);
			// Queue context from the queue as this transaction sees it (the new card included).
			const r = made.result.status === 'applied' ? made.result.reservation : null;
			return { ...made, queueLine: r ? await queueLineFor(tx, r, at) : '' };
		})
	);
	if (out.seq > 0) deps.hub.changed(out.seq);
	const r = out.result.reservation;
	if (out.result.status !== 'applied' || !r || !out.statusToken) {
		deps.log.error('public request refused by the domain', { id, code: out.result.status });
		return {
			ok: false,
			reply: errorReply(409, 'conflict', 'The studio could not take this request right now.')
		};
	}
	deps.log.info('public request', { reservationId: id, ownerUid: r.ownerUid });
	const copy = customerMessage('request_received', r, studioTimeZone());
	return {
		ok: true,
		body: {
			reservationId: id,
			studioName: studioName(),
			reference: shortReference(id),
			...copy,
			queueLine: out.queueLine,
			nextStep: NEXT_STEP_WORDS.request_received,
			statusPath: statusPath(out.statusToken)
		}
	};
}

async function queueLineFor(tx: Queryable, r: Reservation, at: string): Promise<string> {
	return queueContextLine(await queueContextFor(tx, r, at));
}

async function decidePublic(
	tx: Queryable,
	deps: ServerDeps,
	data: PublicRequest,
	id: string,
	at: string
) {
	const ownerUid = await upsertCustomer(tx, data.email, data.customerName, data.phone);
	const action = intakeFor(data, ownerUid);
	if (!action.success) throw new Error('public request did not map to an intake');
	const wire = {
		...action.data,
		queueRevision: 1,
		actorUid: ownerUid,
		reservationId: id,
		baseVersion: 0,
		createdAt: at
	} as WireAction;
	return decideReservation(
		tx,
		deps,
		PUBLIC_SOURCE,
		wire as Parameters<typeof decideReservation>[3],
		id,
		{
			now: at,
			actor: { uid: ownerUid, role: 'client' },
			requestId: `${PUBLIC_SOURCE}:${id}`,
			timeZone: studioTimeZone(),
			secret: serverSecret
		}
	);
}
