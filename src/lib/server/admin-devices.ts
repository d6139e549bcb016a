import { z } from 'zod';
import { Reason } from '../domain/text';
import { DeviceId } from '../sync/contract';
import { recordRefusal } from './audit';
import type { ServerDeps } from './deps';
import { adminForPin, authenticateHeader, revokeDevice } from './devices';
import { errorReply, invalidReply, ok, parseJson, type Reply } from './http';

export const ADMIN_MAX_BYTES = 4_096;

export const RevokeDeviceRequest = z.strictObject({
	/** An active admin's PIN, entered on the (enrolled) kiosk making the request. */
	pin: z.string().regex(/^\d{4,8}$/),
	reason: Reason
});

/**
 * `POST /api/admin/devices/:id/revoke`, from an enrolled kiosk with an admin's PIN in the body.
 * Wrong PINs count against the same per-address limiter as enrolment (one PIN space).
 */
export async function handleRevokeDevice(
	deps: ServerDeps,
	authHeader: string | null,
	targetId: string,
	bodyText: string | null,
	ip: string
): Promise<Reply> {
	const auth = await authenticateHeader(deps, authHeader);
	if (!auth.ok) return auth.reply;
	const at = deps.now();
	const nowMs = Date.parse(at);
	const wait = deps.enrolLimiter.retryAfter(ip, nowMs);
	if (wait > 0)
		return errorReply(429, 'rate_limited', 'Too many wrong PINs. Try again shortly.', undefined, {
			'retry-after': String(wait)
		});
	if (bodyText === null) return errorReply(413, 'too_large', 'The request is too large.');
	const parsed = parseJson(bodyText, ADMIN_MAX_BYTES);
	if (!parsed.ok) return parsed.reply;
	const req = RevokeDeviceRequest.safeParse(parsed.value);
	if (!req.success) return invalidReply(req.error, 'Revoking needs an admin PIN and a reason.');
	const target = DeviceId.safeParse(targetId);
	if (!target.success) return invalidReply(target.error, 'That is not a device id.');

	const admin = await adminForPin(deps.store, req.data.pin);
	if (!admin) {
		deps.enrolLimiter.fail(ip, nowMs);
		await recordRefusal(deps.store, {
			deviceId: auth.deviceId,
			actorUid: null,
			code: 'revoke_pin_rejected',
			at,
			detail: { ip, target: target.data }
		});
		return errorReply(403, 'pin_rejected', 'That PIN does not belong to an active admin.');
	}
	deps.enrolLimiter.reset(ip);
	if (!(await revokeDevice(deps.store, target.data, at)))
		return errorReply(404, 'not_found', 'There is no device with that id.');
	await recordRefusal(deps.store, {
		deviceId: auth.deviceId,
		actorUid: admin,
		code: 'device_revoked_by_admin',
		at,
		detail: { target: target.data, reason: req.data.reason, ip }
	});
	deps.log.info('device revoked', { target: target.data, by: admin, from: auth.deviceId });
	return ok({ deviceId: target.data, revoked: true });
}
