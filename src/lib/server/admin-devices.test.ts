import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorBody } from '../sync/contract';
import {
	handleAdminSession,
	handleCreateEnrolCode,
	handleListDevices,
	handleRevokeDevice
} from './admin-devices';
import type { ServerDeps } from './deps';
import { handleEnrol } from './devices';
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
const reason = JSON.stringify({ reason: 'Tablet lost at the fair.' });

describe.each(STORE_KINDS)('admin devices on %s', (kind) => {
	let deps: ServerDeps;
	let desk: Kiosk;
	let lost: Kiosk;
	beforeEach(async () => {
		deps = await testServer(kind);
		desk = await enrolKiosk(deps, 'Front desk');
		lost = await enrolKiosk(deps, 'Lost tablet');
	});
	afterEach(() => deps.store.close());

	const session = (k: Kiosk, uid: string, pin: string, ip = '10.0.0.1') =>
		handleAdminSession(deps, k.auth, JSON.stringify({ uid, pin }), ip);
	const ticketOf = async (k: Kiosk) => {
		const r = await session(k, 'admin-alex', '333333');
		expect(r.status).toBe(201);
		return (r.body as { ticket: string }).ticket;
	};

	it('a fresh admin PIN check gives a ticket that lists devices, makes codes and revokes', async () => {
		const t = await ticketOf(desk);
		const list = await handleListDevices(deps, desk.auth, t);
		expect(list.status).toBe(200);
		const devices = (list.body as { devices: { label: string; current: boolean }[] }).devices;
		expect(devices.map((d) => d.label)).toEqual(['Front desk', 'Lost tablet']);

		const code = await handleCreateEnrolCode(deps, desk.auth, t);
		expect(code.status).toBe(201);
		const enrolled = await handleEnrol(
			deps,
			JSON.stringify({ label: 'Glaze room', code: (code.body as { code: string }).code }),
			'10.1.1.1'
		);
		expect(enrolled.status).toBe(201);

		const r = await handleRevokeDevice(deps, desk.auth, t, lost.deviceId, reason);
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
	});

	it('a ticket works only from its own kiosk; a revoked kiosk cannot get or use one', async () => {
		const t = await ticketOf(desk);
		expect((await handleListDevices(deps, lost.auth, t)).status).toBe(401);
		expect((await handleListDevices(deps, desk.auth, 'made-up')).status).toBe(401);
		expect((await handleListDevices(deps, desk.auth, null)).status).toBe(401);
		await handleRevokeDevice(deps, desk.auth, t, lost.deviceId, reason);
		expect((await session(lost, 'admin-alex', '333333')).status).toBe(403);
	});

	it.each([
		['staff', 'staff-sam', '1111'],
		['supervisor', 'sup-jo', '222222'],
		['inactive', 'staff-former', '4444'],
		['wrong PIN', 'admin-alex', '999999']
	])('%s → 403 pin_rejected, nothing revoked', async (_n, uid, pin) => {
		const r = await session(desk, uid, pin, '10.0.0.2');
		expect(r.status).toBe(403);
		expect(ErrorBody.parse(r.body).error.code).toBe('pin_rejected');
		expect(await count(deps.store, REVOKED)).toBe(0);
	});

	it('wrong PINs are limited per person even from many addresses and devices', async () => {
		for (let i = 0; i < 5; i++)
			expect(
				(await session(i % 2 ? desk : lost, 'admin-alex', '999999', `10.3.0.${i}`)).status
			).toBe(403);
		const r = await session(desk, 'admin-alex', '333333', '10.3.0.99');
		expect(r.status).toBe(429);
		expect(Number(r.headers?.['retry-after'])).toBeGreaterThan(0);
	});

	it('50 concurrent wrong PINs: at most 5 reach the hash check', async () => {
		// One fixed instant: a burst across a window boundary would legitimately get two windows.
		const fixed = deps.now();
		deps.now = () => fixed;
		const burst = await Promise.all(
			Array.from({ length: 50 }, () => session(desk, 'admin-alex', '999999', '10.4.0.1'))
		);
		// Each attempt is counted on three keys (address, device, person) before any hash: however
		// the counts interleave, no more than 5 are checked.
		const checked = burst.filter((r) => r.status === 403).length;
		expect(checked).toBeLessThanOrEqual(5);
		expect(burst.filter((r) => r.status === 429)).toHaveLength(50 - checked);
	});

	it('no credential → 401; unknown target → 404; bad body → 400', async () => {
		const t = await ticketOf(desk);
		expect((await handleRevokeDevice(deps, null, t, lost.deviceId, reason)).status).toBe(401);
		expect((await handleRevokeDevice(deps, desk.auth, t, 'dev_doesnotexist', reason)).status).toBe(
			404
		);
		for (const [target, text] of [
			[lost.deviceId, '{'],
			[lost.deviceId, JSON.stringify({ pin: '333333' })],
			["x'; DROP TABLE devices; --", reason]
		]) {
			expect((await handleRevokeDevice(deps, desk.auth, t, target, text)).status).toBe(400);
		}
		expect(await count(deps.store, REVOKED)).toBe(0);
	});
});
