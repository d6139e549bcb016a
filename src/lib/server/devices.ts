import { EnrolRequest, type EnrolResponse } from '../sync/contract';
import { verifyPin } from '../sync/pin';
import { recordRefusal } from './audit';
import type { ServerDeps } from './deps';
import {
	hashSecret,
	newDeviceCredential,
	sameHash,
	splitToken,
	tokenFromHeader
} from './device-token';
import { errorReply, invalidReply, ok, parseJson, type Reply } from './http';
import type { Queryable, Store } from './store/types';

export const ENROL_MAX_BYTES = 4_096;

export type DeviceAuth =
	{ ok: true; deviceId: string; label: string } | { ok: false; reply: Reply };

/** Checks a device credential: 401 when missing or unknown, 403 when revoked (both audited). */
export async function authenticateDevice(
	deps: Pick<ServerDeps, 'store' | 'now'>,
	token: string | null
): Promise<DeviceAuth> {
	const parts = token ? splitToken(token) : null;
	const refuse = async (status: number, code: string, message: string, deviceId: string | null) => {
		await recordRefusal(deps.store, { deviceId, actorUid: null, code, at: deps.now() });
		return { ok: false as const, reply: errorReply(status, code, message) };
	};
	if (!parts) return refuse(401, 'unauthenticated', 'A device credential is required.', null);
	const rows = await deps.store.query<{ token_hash: string; label: string; revoked_at: unknown }>(
		'SELECT token_hash, label, revoked_at FROM devices WHERE id = $1',
		[parts.deviceId]
	);
	const row = rows[0];
	if (!row || !sameHash(row.token_hash, hashSecret(parts.secret))) {
		return refuse(401, 'unauthenticated', 'This device credential is not known.', null);
	}
	if (row.revoked_at) {
		return refuse(
			403,
			'device_revoked',
			'This kiosk has been revoked by an admin.',
			parts.deviceId
		);
	}
	return { ok: true, deviceId: parts.deviceId, label: row.label };
}

export const authenticateHeader = (
	deps: Pick<ServerDeps, 'store' | 'now'>,
	header: string | null
) => authenticateDevice(deps, tokenFromHeader(header));

/** Finds the active admin a PIN belongs to, or null. */
export async function adminForPin(q: Queryable, pin: string): Promise<string | null> {
	const admins = await q.query<{
		uid: string;
		pin_salt: string;
		pin_hash: string;
		pin_iterations: number;
	}>(
		`SELECT uid, pin_salt, pin_hash, pin_iterations FROM people
		 WHERE kind = 'staff' AND role = 'admin' AND active AND pin_hash IS NOT NULL ORDER BY uid`
	);
	for (const a of admins) {
		const entry = { pinSalt: a.pin_salt, pinHash: a.pin_hash, pinIterations: a.pin_iterations };
		if (await verifyPin(pin, entry)) return a.uid;
	}
	return null;
}

export async function registerDevice(
	store: Store,
	label: string,
	enrolledBy: string | null,
	at: string
): Promise<EnrolResponse> {
	const cred = newDeviceCredential();
	await store.query(
		'INSERT INTO devices (id, label, token_hash, enrolled_by, enrolled_at) VALUES ($1, $2, $3, $4, $5)',
		[cred.deviceId, label, hashSecret(cred.secret), enrolledBy, at]
	);
	return { deviceId: cred.deviceId, token: cred.token, label };
}

/** `POST /api/devices/enrol`: an active admin's PIN turns this browser into a kiosk. */
export async function handleEnrol(deps: ServerDeps, bodyText: string, ip: string): Promise<Reply> {
	const nowMs = Date.parse(deps.now());
	const wait = deps.enrolLimiter.retryAfter(ip, nowMs);
	if (wait > 0) {
		return errorReply(429, 'rate_limited', 'Too many wrong PINs. Try again shortly.', undefined, {
			'retry-after': String(wait)
		});
	}
	const parsed = parseJson(bodyText, ENROL_MAX_BYTES);
	if (!parsed.ok) return parsed.reply;
	const req = EnrolRequest.safeParse(parsed.value);
	if (!req.success) return invalidReply(req.error, 'Enrolment needs a label and an admin PIN.');
	const admin = await adminForPin(deps.store, req.data.pin);
	if (!admin) {
		deps.enrolLimiter.fail(ip, nowMs);
		await recordRefusal(deps.store, {
			deviceId: null,
			actorUid: null,
			code: 'enrol_pin_rejected',
			at: deps.now(),
			detail: { ip, label: req.data.label }
		});
		return errorReply(403, 'pin_rejected', 'That PIN does not belong to an active admin.');
	}
	deps.enrolLimiter.reset(ip);
	const made = await registerDevice(deps.store, req.data.label, admin, deps.now());
	deps.log.info('device enrolled', { deviceId: made.deviceId, by: admin });
	return ok(made, 201);
}

/** Revokes a kiosk; its later requests get 403 `device_revoked`. Returns false if unknown. */
export async function revokeDevice(store: Store, deviceId: string, at: string): Promise<boolean> {
	const rows = await store.query(
		'UPDATE devices SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING id',
		[deviceId, at]
	);
	return rows.length > 0;
}
