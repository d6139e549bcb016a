import { createHash, randomBytes } from 'node:crypto';
import { queueContext, type QueueContext } from '../domain/queue-context';
import { statusPageCopy } from '../domain/messages';
import type { Reservation } from '../domain/reservation';
import { StatusToken, type PublicStatus } from '../sync/public-request';
import type { ApplyDeps } from './deps';
import { errorReply, ok, type Reply } from './http';
import { countAttempt, countRefusal } from './rate-limit';
import { loadPeers, loadReservation, loadStations } from './reservation-rows';
import { studioName, studioTimeZone } from './studio-config';
import type { Queryable } from './store/types';

/*
 * The customer's status page is a capability URL: `/status/<token>`, where the token is 32
 * bytes from the CSPRNG (256 bits). The server keeps only its SHA-256, so a copy of the
 * database does not give working links. The raw token is kept (`unsent_token`) only until the
 * first customer message that carries the link has been sent, then forgotten.
 */

const TOKEN_BYTES = 32;
/** Status lookups allowed per client address per window, and for all addresses together. */
export const STATUS_LOOKUPS_PER_WINDOW = 60;
export const STATUS_GLOBAL_PER_WINDOW = 2_000;
export const STATUS_WINDOW_MS = 10 * 60_000;

export const hashStatusToken = (token: string): string =>
	createHash('sha256').update(token).digest('hex');

/** The page path of a token (relative: the studio's address is prefixed where it is known). */
export const statusPath = (token: string): string => `/status/${token}`;

/**
 * Gives a new reservation its status link inside the intake's transaction; returns the token.
 * Called once per intake the server applies (public requests and staff intake alike).
 */
export async function issueStatusLink(
	q: Queryable,
	reservationId: string,
	at: string
): Promise<string> {
	const link = newStatusLink(reservationId, at);
	await q.query(
		`INSERT INTO status_links (token_hash, reservation_id, created_at, unsent_token)
		 VALUES ($1, $2, $3, $4)`,
		[link.tokenHash, link.reservationId, link.at, link.token]
	);
	return link.token;
}

/** A status link's row before it is stored (a push batch writes its links in one statement). */
export interface StatusLinkRow {
	tokenHash: string;
	reservationId: string;
	at: string;
	token: string;
}

export function newStatusLink(reservationId: string, at: string): StatusLinkRow {
	const token = randomBytes(TOKEN_BYTES).toString('base64url');
	return { tokenHash: hashStatusToken(token), reservationId, at, token };
}

/** Staff revoke a link (e.g. it was forwarded by mistake); a new one can then be issued. */
export async function revokeStatusLinks(
	q: Queryable,
	reservationId: string,
	at: string
): Promise<number> {
	const rows = await q.query(
		`UPDATE status_links SET revoked_at = $2, unsent_token = NULL
		 WHERE reservation_id = $1 AND revoked_at IS NULL RETURNING token_hash`,
		[reservationId, at]
	);
	return rows.length;
}

/**
 * The status-page URL for a message about to be sent, while the raw token is still held; null
 * once it has gone out in an earlier message (the server cannot rebuild it from the hash).
 */
export async function unsentStatusUrl(
	q: Queryable,
	reservationId: string,
	origin: string | undefined = process.env.PUBLIC_ORIGIN
): Promise<string | null> {
	const rows = await q.query<{ unsent_token: string }>(
		`SELECT unsent_token FROM status_links
		 WHERE reservation_id = $1 AND revoked_at IS NULL AND unsent_token IS NOT NULL
		 ORDER BY created_at DESC LIMIT 1`,
		[reservationId]
	);
	const token = rows[0]?.unsent_token;
	if (!token) return null;
	return `${(origin ?? '').replace(/\/$/, '')}${statusPath(token)}`;
}

/** After a message with the link was sent: the server forgets the raw token. */
export async function forgetSentToken(q: Queryable, reservationId: string): Promise<void> {
	await q.query(
		'UPDATE status_links SET unsent_token = NULL WHERE reservation_id = $1 AND unsent_token IS NOT NULL',
		[reservationId]
	);
}

/** The reservation behind a token, or null (unknown, malformed or revoked). */
export async function reservationForToken(
	q: Queryable,
	token: string
): Promise<Reservation | null> {
	if (!StatusToken.safeParse(token).success) return null;
	// Looked up by hash: the database compares digests, never the secret itself.
	const rows = await q.query<{ reservation_id: string }>(
		'SELECT reservation_id FROM status_links WHERE token_hash = $1 AND revoked_at IS NULL',
		[hashStatusToken(token)]
	);
	return rows[0] ? loadReservation(q, rows[0].reservation_id) : null;
}

/** The domain's queue context for `r`, from the stations and queue the server holds now. */
export async function queueContextFor(
	q: Queryable,
	r: Reservation,
	now: string
): Promise<QueueContext> {
	const stations = await loadStations(q);
	const peers = new Map<string, Reservation[]>();
	for (const s of stations) peers.set(s.id, await loadPeers(q, s.id));
	return queueContext(r, stations, (s) => peers.get(s) ?? [], now);
}

/** The customer's view of a reservation: customer-safe words only, never the stored document. */
export async function publicStatus(
	q: Queryable,
	r: Reservation,
	now: string
): Promise<PublicStatus> {
	const context = await queueContextFor(q, r, now);
	return { studioName: studioName(), ...statusPageCopy(r, studioTimeZone(), context) };
}

export const UNKNOWN_STATUS_TEXT =
	'This status link is not known. Check the link in your message, or ask the studio.';

/** `GET /api/public/status/:token` and the status page: rate-limited, 404 for an unknown token. */
export async function handleStatusLookup(
	deps: ApplyDeps,
	token: string,
	ip: string
): Promise<Reply> {
	const at = deps.now();
	const limit = await countAttempt(
		deps.store,
		[
			{ scope: 'status:ip', key: ip, max: STATUS_LOOKUPS_PER_WINDOW, windowMs: STATUS_WINDOW_MS },
			{ scope: 'status:all', key: '*', max: STATUS_GLOBAL_PER_WINDOW, windowMs: STATUS_WINDOW_MS }
		],
		Date.parse(at)
	);
	if (!limit.ok) {
		await countRefusal(deps.store, 'status_rate_limited', ip, at);
		return errorReply(
			429,
			'rate_limited',
			'Too many status checks from this address. Please try again later.',
			undefined,
			{ 'retry-after': String(limit.retryAfter) }
		);
	}
	const r = await reservationForToken(deps.store, token);
	if (!r) {
		await countRefusal(deps.store, 'status_unknown', ip, at);
		return errorReply(404, 'not_found', UNKNOWN_STATUS_TEXT);
	}
	return ok(await publicStatus(deps.store, r, at), 200, {
		'cache-control': 'no-store',
		'referrer-policy': 'no-referrer'
	});
}
