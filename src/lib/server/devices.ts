import { randomBytes, randomInt } from 'node:crypto';
import { EnrolRequest, type EnrolResponse } from '../sync/contract';
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
import { clearAttempts, countAttempt, countRefusal, pinLimits } from './rate-limit';
import type { Queryable, Store } from './store/types';

export const ENROL_MAX_BYTES = 4_096;
/** An enrolment code is good for this long, and for one enrolment. */
export const ENROL_CODE_MINUTES = 15;
// No 0/O, 1/I: codes are read off a screen and typed on a tablet.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export type DeviceAuth =
	{ ok: true; deviceId: string; label: string } | { ok: false; reply: Reply };

/** Checks a device credential: 401 when missing or unknown, 403 when revoked (both counted). */
export async function authenticateDevice(
	deps: Pick<ServerDeps, 'store' | 'now'>,
	token: string | null
): Promise<DeviceAuth> {
	const parts = token ? splitToken(token) : null;
	const refuse = async (status: number, code: string, message: string, source: string) => {
		await countRefusal(deps.store, code, source, deps.now());
		return { ok: false as const, reply: errorReply(status, code, message) };
	};
	if (!parts) return refuse(401, 'unauthenticated', 'A device credential is required.', 'none');
	const rows = await deps.store.query<{ token_hash: string; label: string; revoked_at: unknown }>(
		'SELECT token_hash, label, revoked_at FROM devices WHERE id = $1',
		[parts.deviceId]
	);
	const row = rows[0];
	if (!row || !sameHash(row.token_hash, hashSecret(parts.secret))) {
		return refuse(401, 'unauthenticated', 'This device credential is not known.', 'unknown');
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

export async function registerDevice(
	store: Store | Queryable,
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

/** `KB7Q-M2XD-9P`-style display of a 10-character code. */
export const formatCode = (c: string) => `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}`;

/**
 * Creates a one-time enrolment code (stored as a hash). `createdBy` is the admin, or null for
 * the shell / first start; `via` says where it came from for the audit.
 */
export async function createEnrolCode(
	q: Queryable,
	opts: { createdBy: string | null; via: string; at: string; minutes?: number }
): Promise<{ code: string; display: string; expiresAt: string }> {
	let code = '';
	for (let i = 0; i < 10; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
	const expiresAt = new Date(
		Date.parse(opts.at) + (opts.minutes ?? ENROL_CODE_MINUTES) * 60_000
	).toISOString();
	await q.query(
		`INSERT INTO enrol_codes (code_hash, created_by, created_via, created_at, expires_at)
		 VALUES ($1, $2, $3, $4, $5)`,
		[hashSecret(code), opts.createdBy, opts.via, opts.at, expiresAt]
	);
	return { code, display: formatCode(code), expiresAt };
}

/** True when no kiosk (other than the seed's credential-less one) is enrolled and unrevoked. */
export async function noActiveKiosk(q: Queryable): Promise<boolean> {
	const rows = await q.query(`SELECT 1 FROM devices WHERE revoked_at IS NULL LIMIT 1`);
	return rows.length === 0;
}

/** `POST /api/devices/enrol` `{label, code}`: a one-time code turns this browser into a kiosk. */
export async function handleEnrol(deps: ServerDeps, bodyText: string, ip: string): Promise<Reply> {
	const at = deps.now();
	// Counted before anything is checked: a burst cannot outrun the limit.
	const limit = await countAttempt(deps.store, pinLimits({ ip }), Date.parse(at));
	if (!limit.ok) {
		await countRefusal(deps.store, 'enrol_rate_limited', ip, at);
		return errorReply(429, 'rate_limited', 'Too many attempts. Try again shortly.', undefined, {
			'retry-after': String(limit.retryAfter)
		});
	}
	const parsed = parseJson(bodyText, ENROL_MAX_BYTES);
	if (!parsed.ok) return parsed.reply;
	const req = EnrolRequest.safeParse(parsed.value);
	if (!req.success)
		return invalidReply(req.error, 'Enrolment needs a kiosk name and an enrolment code.');
	const made = await deps.store.transaction(async (tx) => {
		const used = await tx.query<{ created_by: string | null }>(
			`UPDATE enrol_codes SET used_at = $2
			 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING created_by`,
			[hashSecret(req.data.code), at]
		);
		if (!used.length) return null;
		const device = await registerDevice(tx, req.data.label, used[0].created_by, at);
		await tx.query('UPDATE enrol_codes SET used_by_device = $2 WHERE code_hash = $1', [
			hashSecret(req.data.code),
			device.deviceId
		]);
		return { device, by: used[0].created_by };
	});
	if (!made) {
		await countRefusal(deps.store, 'enrol_code_rejected', ip, at);
		return errorReply(
			403,
			'code_rejected',
			'That enrolment code is not valid: it may have expired or been used already.'
		);
	}
	await clearAttempts(deps.store, pinLimits({ ip }));
	await recordRefusal(deps.store, {
		deviceId: made.device.deviceId,
		actorUid: made.by,
		code: 'device_enrolled',
		at,
		detail: { label: req.data.label, ip }
	});
	deps.log.info('device enrolled', { deviceId: made.device.deviceId, by: made.by });
	return ok(made.device, 201);
}

/** Revokes a kiosk; its later requests get 403 `device_revoked`. Returns false if unknown. */
export async function revokeDevice(store: Store, deviceId: string, at: string): Promise<boolean> {
	const rows = await store.query(
		'UPDATE devices SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING id',
		[deviceId, at]
	);
	return rows.length > 0;
}

/** Short-lived bearer tickets (admin session after a fresh PIN check, live channel). */
export async function issueTicket(
	q: Queryable,
	t: { personUid: string | null; deviceId: string; purpose: string; at: string; ttlMs: number }
): Promise<{ ticket: string; expiresAt: string }> {
	const ticket = randomBytes(24).toString('base64url');
	const expiresAt = new Date(Date.parse(t.at) + t.ttlMs).toISOString();
	await q.query('DELETE FROM tickets WHERE expires_at < $1', [t.at]);
	await q.query(
		`INSERT INTO tickets (ticket_hash, person_uid, device_id, purpose, expires_at)
		 VALUES ($1, $2, $3, $4, $5)`,
		[hashSecret(ticket), t.personUid, t.deviceId, t.purpose, expiresAt]
	);
	return { ticket, expiresAt };
}

/** The ticket's owner when it is unexpired, of this purpose, and its device is not revoked. */
export async function readTicket(
	q: Queryable,
	ticket: string | null,
	purpose: string,
	at: string
): Promise<{ personUid: string | null; deviceId: string } | null> {
	if (!ticket || ticket.length > 100) return null;
	const rows = await q.query<{ person_uid: string | null; device_id: string }>(
		`SELECT t.person_uid, t.device_id FROM tickets t JOIN devices d ON d.id = t.device_id
		 WHERE t.ticket_hash = $1 AND t.purpose = $2 AND t.expires_at > $3 AND d.revoked_at IS NULL`,
		[hashSecret(ticket), purpose, at]
	);
	return rows[0] ? { personUid: rows[0].person_uid, deviceId: rows[0].device_id } : null;
}

/** Prints a first enrolment code when no kiosk is enrolled yet (demo: two steps to a kiosk). */
export async function bootstrapEnrolCode(
	store: Store,
	at: string
): Promise<{ display: string; expiresAt: string } | null> {
	if (!(await noActiveKiosk(store))) return null;
	const made = await createEnrolCode(store, { createdBy: null, via: 'first-start', at });
	return { display: made.display, expiresAt: made.expiresAt };
}
