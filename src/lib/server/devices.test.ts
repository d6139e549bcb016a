import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnrolResponse, ErrorBody, deviceAuthHeader } from '../sync/contract';
import type { ServerDeps } from './deps';
import { handleEnrol } from './devices';
import { handlePull } from './pull';
import { STORE_KINDS, count, testServer } from '../../testing/server/testing';

describe.each(STORE_KINDS)('enrolment on %s', (kind) => {
	let deps: ServerDeps;
	beforeEach(async () => {
		deps = await testServer(kind);
	});
	afterEach(() => deps.store.close());

	const enrol = (pin: string, ip = '10.0.0.1', label = 'Front desk') =>
		handleEnrol(deps, JSON.stringify({ label, pin }), ip);

	it("an active admin's PIN enrols a kiosk whose token then authenticates", async () => {
		const r = await enrol('3333');
		expect(r.status).toBe(201);
		const made = EnrolResponse.parse(r.body);
		const rows = await deps.store.query<{ token_hash: string; enrolled_by: string }>(
			'SELECT token_hash, enrolled_by FROM devices WHERE id = $1',
			[made.deviceId]
		);
		expect(rows[0].enrolled_by).toBe('admin-alex');
		expect(made.token).not.toContain(rows[0].token_hash);
		const pull = await handlePull(
			deps,
			deviceAuthHeader(made.token),
			new URL('http://x/api/sync/pull')
		);
		expect(pull.status).toBe(200);
	});

	it.each(['1111', '2222', '4444', '9999'])(
		'PIN %s (not an active admin) is refused and audited',
		async (pin) => {
			const r = await enrol(pin);
			expect(r.status).toBe(403);
			expect(ErrorBody.parse(r.body).error.code).toBe('pin_rejected');
			expect(await count(deps.store, 'devices')).toBe(1); // only the seed device
			expect(await count(deps.store, 'audit_log')).toBe(1);
		}
	);

	it('malformed requests → 400', async () => {
		expect((await handleEnrol(deps, '{nope', '1.1.1.1')).status).toBe(400);
		const r = await handleEnrol(deps, JSON.stringify({ label: '', pin: 'abcd' }), '1.1.1.1');
		expect(r.status).toBe(400);
		expect(ErrorBody.parse(r.body).error.code).toBe('invalid');
	});

	it('rate-limits PIN guessing per IP with Retry-After', async () => {
		for (let i = 0; i < 5; i++) expect((await enrol('0000', '10.0.0.9')).status).toBe(403);
		const limited = await enrol('3333', '10.0.0.9');
		expect(limited.status).toBe(429);
		expect(Number(limited.headers?.['retry-after'])).toBeGreaterThan(0);
		expect(ErrorBody.parse(limited.body).error.code).toBe('rate_limited');
		// Another address is unaffected.
		expect((await enrol('3333', '10.0.0.10')).status).toBe(201);
	});
});
