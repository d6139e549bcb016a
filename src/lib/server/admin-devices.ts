import { z } from 'zod';
import { Reason } from '../domain/text';
import { DeviceId } from '../sync/contract';
import { recordRefusal } from './audit';
import type { ServerDeps } from './deps';
import {
	authenticateHeader,
	createEnrolCode,
	issueTicket,
	readTicket,
	revokeDevice
} from './devices';
import { errorReply, invalidReply, ok, parseJson, type Reply } from './http';
import { checkPin } from './pins';
import { createPublicReservation } from './public-request';
import { PublicRequest } from '../sync/public-request';
import { clearAttempts, countAttempt, countRefusal, pinLimits } from './rate-limit';

export const ADMIN_MAX_BYTES = 4_096;
/** An admin session (after a fresh online PIN check) lasts this long. */
export const ADMIN_TICKET_MS = 5 * 60_000;
export const ADMIN_TICKET_HEADER = 'x-kilnboard-admin';

export const AdminSessionRequest = z.strictObject({
	uid: z.string().min(1).max(120),
	pin: z.string().regex(/^\d{4,12}$/)
});
export const RevokeDeviceRequest = z.strictObject({
	reason: Reason
});

/** Hooks the live channel uses to drop a revoked device's streams at once. */
export interface RevokeHooks {
	onRevoked?(deviceId: string): void;
}

/**
 * `POST /api/admin/session` `{uid, pin}` from an enrolled kiosk: a FRESH online PIN check of an
 * active admin (counted per address, device and person before the hash) → a 5-minute ticket
 * bound to that kiosk. Nothing a kiosk stores can mint one.
 */
export async function handleAdminSession(
	deps: ServerDeps,
	authHeader: string | null,
	bodyText: string | null,
	ip: string
): Promise<Reply> {
	const auth = await authenticateHeader(deps, authHeader);
	if (!auth.ok) return auth.reply;
	if (bodyText === null) return errorReply(413, 'too_large', 'The request is too large.');
	const parsed = parseJson(bodyText, ADMIN_MAX_BYTES);
	if (!parsed.ok) return parsed.reply;
	const req = AdminSessionRequest.safeParse(parsed.value);
	if (!req.success) return invalidReply(req.error, 'An admin check needs the admin and a PIN.');
	const at = deps.now();
	const limits = pinLimits({ ip, deviceId: auth.deviceId, uid: req.data.uid });
	const limit = await countAttempt(deps.store, limits, Date.parse(at));
	if (!limit.ok) {
		await countRefusal(deps.store, 'admin_pin_rate_limited', auth.deviceId, at);
		return errorReply(429, 'rate_limited', 'Too many wrong PINs. Try again shortly.', undefined, {
			'retry-after': String(limit.retryAfter)
		});
	}
	const person = await checkPin(deps.store, req.data.uid, req.data.pin);
	if (!person || person.role !== 'admin') {
		await countRefusal(deps.store, 'admin_pin_rejected', auth.deviceId, at);
		return errorReply(403, 'pin_rejected', 'That PIN does not belong to an active admin.');
	}
	await clearAttempts(deps.store, limits);
	const t = await issueTicket(deps.store, {
		personUid: person.uid,
		deviceId: auth.deviceId,
		purpose: 'admin',
		at,
		ttlMs: ADMIN_TICKET_MS
	});
	return ok(t, 201);
}

async function adminFromTicket(
	deps: ServerDeps,
	authHeader: string | null,
	ticket: string | null
): Promise<{ ok: true; admin: string; deviceId: string } | { ok: false; reply: Reply }> {
	const auth = await authenticateHeader(deps, authHeader);
	if (!auth.ok) return auth;
	const t = await readTicket(deps.store, ticket, 'admin', deps.now());
	if (!t || t.deviceId !== auth.deviceId || !t.personUid) {
		await countRefusal(deps.store, 'admin_ticket_rejected', auth.deviceId, deps.now());
		return {
			ok: false,
			reply: errorReply(401, 'admin_check_needed', 'Enter an admin PIN again to continue.')
		};
	}
	return { ok: true, admin: t.personUid, deviceId: auth.deviceId };
}

/** `GET /api/admin/devices`: label, last seen, unsent queue size last reported, revoked. */
export async function handleListDevices(
	deps: ServerDeps,
	authHeader: string | null,
	ticket: string | null
): Promise<Reply> {
	const a = await adminFromTicket(deps, authHeader, ticket);
	if (!a.ok) return a.reply;
	const rows = await deps.store.query<Record<string, unknown>>(
		`SELECT id, label, enrolled_by, enrolled_at, last_seen_at, unsent_reported, revoked_at
		 FROM devices WHERE token_hash IS NOT NULL AND id <> 'dev_seed_studio' ORDER BY enrolled_at`
	);
	const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
	return ok({
		devices: rows.map((r) => ({
			deviceId: r.id,
			label: r.label,
			enrolledBy: r.enrolled_by,
			enrolledAt: iso(r.enrolled_at),
			lastSeenAt: iso(r.last_seen_at),
			unsentReported: r.unsent_reported === null ? null : Number(r.unsent_reported),
			revokedAt: iso(r.revoked_at),
			current: r.id === a.deviceId
		}))
	});
}

/** `POST /api/admin/enrol-codes`: a one-time code for the next tablet, from an admin session. */
export async function handleCreateEnrolCode(
	deps: ServerDeps,
	authHeader: string | null,
	ticket: string | null
): Promise<Reply> {
	const a = await adminFromTicket(deps, authHeader, ticket);
	if (!a.ok) return a.reply;
	const made = await createEnrolCode(deps.store, {
		createdBy: a.admin,
		via: `kiosk:${a.deviceId}`,
		at: deps.now()
	});
	return ok({ code: made.display, expiresAt: made.expiresAt }, 201);
}

/** `POST /api/admin/devices/:id/revoke` `{reason}` from an admin session; streams close at once. */
export async function handleRevokeDevice(
	deps: ServerDeps & RevokeHooks,
	authHeader: string | null,
	ticket: string | null,
	targetId: string,
	bodyText: string | null
): Promise<Reply> {
	const a = await adminFromTicket(deps, authHeader, ticket);
	if (!a.ok) return a.reply;
	if (bodyText === null) return errorReply(413, 'too_large', 'The request is too large.');
	const parsed = parseJson(bodyText, ADMIN_MAX_BYTES);
	if (!parsed.ok) return parsed.reply;
	const req = RevokeDeviceRequest.safeParse(parsed.value);
	if (!req.success) return invalidReply(req.error, 'Revoking needs a reason.');
	const target = DeviceId.safeParse(targetId);
	if (!target.success) return invalidReply(target.error, 'That is not a device id.');
	const at = deps.now();
	if (!(await revokeDevice(deps.store, target.data, at)))
		return errorReply(404, 'not_found', 'There is no device with that id.');
	deps.hub.closeDevice?.(target.data);
	await recordRefusal(deps.store, {
		deviceId: a.deviceId,
		actorUid: a.admin,
		code: 'device_revoked_by_admin',
		at,
		detail: { target: target.data, reason: req.data.reason }
	});
	deps.log.info('device revoked', { target: target.data, by: a.admin, from: a.deviceId });
	return ok({ deviceId: target.data, revoked: true });
}

/** `GET /api/admin/pending-requests`: the unconfirmed lane (customer requests held in a flood). */
export async function handleListPending(
	deps: ServerDeps,
	authHeader: string | null,
	ticket: string | null
): Promise<Reply> {
	const a = await adminFromTicket(deps, authHeader, ticket);
	if (!a.ok) return a.reply;
	const rows = await deps.store.query<{ id: string; body: PublicRequest; received_at: unknown }>(
		`SELECT id, body, received_at FROM pending_requests WHERE status = 'waiting'
		 ORDER BY received_at LIMIT 200`
	);
	return ok({
		requests: rows.map((r) => ({
			id: r.id,
			customerName: r.body.customerName,
			firingType: r.body.firingType,
			estimatedHalfShelves: r.body.estimatedHalfShelves,
			pieces: r.body.pieces,
			notes: r.body.notes,
			receivedAt: new Date(r.received_at as string).toISOString()
		}))
	});
}

/** `POST /api/admin/pending-requests/:id/accept|reject`: accept puts it on the boards. */
export async function handleDecidePending(
	deps: ServerDeps,
	authHeader: string | null,
	ticket: string | null,
	id: string,
	decision: string
): Promise<Reply> {
	const a = await adminFromTicket(deps, authHeader, ticket);
	if (!a.ok) return a.reply;
	if (decision !== 'accept' && decision !== 'reject')
		return errorReply(404, 'not_found', 'Not found.');
	const at = deps.now();
	const claimed = await deps.store.query<{ body: unknown }>(
		`UPDATE pending_requests SET status = $2, decided_by = $3, decided_at = $4
		 WHERE id = $1 AND status = 'waiting' RETURNING body`,
		[id.slice(0, 100), decision === 'accept' ? 'accepted' : 'rejected', a.admin, at]
	);
	if (!claimed.length)
		return errorReply(404, 'not_found', 'There is no waiting request with that id.');
	if (decision === 'reject') return ok({ id, status: 'rejected' });
	const req = PublicRequest.safeParse(claimed[0].body);
	const made = req.success ? await createPublicReservation(deps, req.data, at) : null;
	if (!made?.ok) {
		await deps.store.query(`UPDATE pending_requests SET status = 'waiting' WHERE id = $1`, [id]);
		return made?.reply ?? errorReply(409, 'conflict', 'That request can no longer be taken.');
	}
	await deps.store.query('UPDATE pending_requests SET reservation_id = $2 WHERE id = $1', [
		id,
		made.body.reservationId
	]);
	return ok({ id, status: 'accepted', reservationId: made.body.reservationId });
}
