import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorBody } from '../sync/contract';
import { handleRevokeDevice } from './admin-devices';
import type { ServerDeps } from './deps';
import {
	STORE_KINDS,
	count,
	enrolKiosk,
	intake,
	testServer,
	wire,
	type Kiosk
} from '../../testing/server/testing';

// The seed's own device is revoked from the start.
const REVOKED = "devices WHERE revoked_at IS NOT NULL AND id <> 'dev_seed_studio'";
const body = (pin: string, reason = 'Tablet lost at the fair.') => JSON.stringify({ pin, reason });

describe.each(STORE_KINDS)('admin device revocation on %s', (kind) => {
	let deps: ServerDeps;
	let desk: Kiosk;
	let lost: Kiosk;
	beforeEach(async () => {
		deps = await testServer(kind);
		desk = await enrolKiosk(deps, 'Front desk');
		lost = await enrolKiosk(deps, 'Lost tablet');
	});
	afterEach(() => deps.store.close());

	it('an admin PIN from an enrolled kiosk revokes the device; its pushes are then refused', async () => {
		const r = await handleRevokeDevice(deps, desk.auth, lost.deviceId, body('3333'), '10.0.0.1');
		expect(r).toMatchObject({ status: 200, body: { deviceId: lost.deviceId, revoked: true } });
		const push = await lost.push([wire(intake(), { rev: 1, id: 'R-1' })]);
		expect(push.status).toBe(403);
		expect(ErrorBody.parse(push.body).error.code).toBe('device_revoked');
		const audit = await deps.store.query<{ code: string; actor_uid: string; device_id: string }>(
			"SELECT code, actor_uid, device_id FROM audit_log WHERE code = 'device_revoked_by_admin'"
		);
		expect(audit).toEqual([
			{ code: 'device_revoked_by_admin', actor_uid: 'admin-alex', device_id: desk.deviceId }
		]);
		// Revoking again is harmless; the revoked kiosk cannot revoke anyone.
		expect(
			(await handleRevokeDevice(deps, desk.auth, lost.deviceId, body('3333'), 'ip')).status
		).toBe(200);
		const back = await handleRevokeDevice(deps, lost.auth, desk.deviceId, body('3333'), 'ip');
		expect(back.status).toBe(403);
	});

	it.each([
		['staff PIN', '1111'],
		['supervisor PIN', '2222'],
		['inactive staff PIN', '4444'],
		['unknown PIN', '9999']
	])('%s → 403 pin_rejected, audited, nothing revoked', async (_n, pin) => {
		const r = await handleRevokeDevice(deps, desk.auth, lost.deviceId, body(pin), '10.0.0.2');
		expect(r.status).toBe(403);
		expect(ErrorBody.parse(r.body).error.code).toBe('pin_rejected');
		expect(await count(deps.store, REVOKED)).toBe(0);
		expect(await count(deps.store, "audit_log WHERE code = 'revoke_pin_rejected'")).toBe(1);
	});

	it('wrong PINs are rate-limited per address like enrolment', async () => {
		for (let i = 0; i < 5; i++)
			await handleRevokeDevice(deps, desk.auth, lost.deviceId, body('9999'), '10.0.0.3');
		const r = await handleRevokeDevice(deps, desk.auth, lost.deviceId, body('3333'), '10.0.0.3');
		expect(r.status).toBe(429);
		expect(Number(r.headers?.['retry-after'])).toBeGreaterThan(0);
		expect(await count(deps.store, REVOKED)).toBe(0);
	});

	it('no credential → 401; unknown target → 404; bad body → 400', async () => {
		expect((await handleRevokeDevice(deps, null, lost.deviceId, body('3333'), 'ip')).status).toBe(
			401
		);
		const unknown = await handleRevokeDevice(
			deps,
			desk.auth,
			'dev_doesnotexist',
			body('3333'),
			'ip'
		);
		expect(unknown.status).toBe(404);
		for (const [target, text] of [
			[lost.deviceId, '{'],
			[lost.deviceId, JSON.stringify({ pin: '3333' })],
			[lost.deviceId, JSON.stringify({ pin: 3333, reason: 'lost it' })],
			["x'; DROP TABLE devices; --", body('3333')]
		]) {
			const r = await handleRevokeDevice(deps, desk.auth, target, text, 'ip');
			expect(r.status).toBe(400);
		}
		expect(await count(deps.store, REVOKED)).toBe(0);
	});
});
