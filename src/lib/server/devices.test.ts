import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EnrolResponse, ErrorBody, PullResponse, deviceAuthHeader } from '../sync/contract';
import { PIN_KDF } from '../sync/pin';
import type { ServerDeps } from './deps';
import { createEnrolCode, handleEnrol } from './devices';
import { handlePull } from './pull';
import { STORE_KINDS, count, testServer } from '../../testing/server/testing';

describe.each(STORE_KINDS)('enrolment on %s', (kind) => {
	let deps: ServerDeps;
	beforeEach(async () => {
		deps = await testServer(kind);
	});
	afterEach(() => deps.store.close());

	const newCode = async (minutes?: number) =>
		(
			await createEnrolCode(deps.store, {
				createdBy: 'admin-alex',
				via: 'test',
				at: deps.now(),
				minutes
			})
		).display;
	const enrol = (code: string, ip = '10.0.0.1', label = 'Front desk') =>
		handleEnrol(deps, JSON.stringify({ label, code }), ip);

	it('a one-time code enrols a kiosk whose token then authenticates; the code works once', async () => {
		const code = await newCode();
		const r = await enrol(code);
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
		const again = await enrol(code, '10.0.0.2');
		expect(again.status).toBe(403);
		expect(ErrorBody.parse(again.body).error.code).toBe('code_rejected');
	});

	it('an expired code, a made-up code and any PIN are refused', async () => {
		const expired = await newCode(-1);
		expect((await enrol(expired)).status).toBe(403);
		expect((await enrol('AAAA-BBBB-CC')).status).toBe(403);
		// The old PIN body is not a way in any more.
		const pin = await handleEnrol(deps, JSON.stringify({ label: 'x', pin: '333333' }), '10.0.0.3');
		expect(pin.status).toBe(400);
		expect(await count(deps.store, 'devices')).toBe(1); // only the seed device
	});

	it('the roster a kiosk pulls holds only active people, verifiers only, no proof keys', async () => {
		const made = EnrolResponse.parse((await enrol(await newCode())).body);
		const pull = await handlePull(
			deps,
			deviceAuthHeader(made.token),
			new URL('http://x/api/sync/pull')
		);
		const body = PullResponse.parse(pull.body);
		expect(body.roster.map((r) => r.uid).sort()).toEqual(['admin-alex', 'staff-sam', 'sup-jo']);
		expect(body.roster.every((r) => r.active && r.pinKdf === PIN_KDF)).toBe(true);
		const keys = await deps.store.query<{ pin_proof_key: string }>(
			`SELECT pin_proof_key FROM people WHERE kind = 'staff'`
		);
		const text = JSON.stringify(pull.body);
		for (const k of keys) expect(text).not.toContain(k.pin_proof_key);
	});

	it('malformed requests → 400', async () => {
		expect((await handleEnrol(deps, '{nope', '1.1.1.1')).status).toBe(400);
		const r = await handleEnrol(deps, JSON.stringify({ label: '', code: 'abcd' }), '1.1.1.1');
		expect(r.status).toBe(400);
		expect(ErrorBody.parse(r.body).error.code).toBe('invalid');
	});

	it('rate-limits code guessing per address with Retry-After; another address is unaffected', async () => {
		for (let i = 0; i < 5; i++) expect((await enrol('AAAA-BBBB-CC', '10.0.0.9')).status).toBe(403);
		const limited = await enrol(await newCode(), '10.0.0.9');
		expect(limited.status).toBe(429);
		expect(Number(limited.headers?.['retry-after'])).toBeGreaterThan(0);
		expect(ErrorBody.parse(limited.body).error.code).toBe('rate_limited');
		expect((await enrol(await newCode(), '10.0.0.10')).status).toBe(201);
		// Refusals are counters, not one audit row each.
		const [c] = await deps.store.query<{ n: number }>(
			`SELECT sum(count)::int AS n FROM refusal_counters WHERE code = 'enrol_code_rejected'`
		);
		expect(c.n).toBe(5);
	});

	it('a concurrent burst of 50 wrong codes: at most 5 are checked', async () => {
		const fixed = deps.now();
		deps.now = () => fixed;
		const burst = await Promise.all(
			Array.from({ length: 50 }, () => enrol('AAAA-BBBB-CC', '10.9.9.9'))
		);
		const checked = burst.filter((r) => r.status === 403).length;
		expect(checked).toBeLessThanOrEqual(5);
		expect(burst.filter((r) => r.status === 429).length).toBe(50 - checked);
	});
});
