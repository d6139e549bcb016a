import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorBody, MAX_BODY_BYTES, deviceAuthHeader } from '../sync/contract';
import type { ServerDeps } from './deps';
import { registerDevice, revokeDevice } from './devices';
import { handlePull } from './pull';
import { handlePush } from './push';
import {
	STORE_KINDS,
	count,
	enrolKiosk,
	footprint,
	intake,
	testServer,
	wire,
	type Kiosk
} from '../../testing/server/testing';

const HOSTILE_NOTES = [
	"'; DROP TABLE reservations; --",
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'x'.repeat(1_600)
];

describe.each(STORE_KINDS)('endpoint guards on %s', (kind) => {
	let deps: ServerDeps;
	let kiosk: Kiosk;
	const body = (actions: unknown) => JSON.stringify({ deviceId: kiosk.deviceId, actions });
	beforeEach(async () => {
		deps = await testServer(kind);
		kiosk = await enrolKiosk(deps);
	});
	afterEach(() => deps.store.close());

	it('no credential → 401 unauthenticated, audited, nothing written', async () => {
		for (const header of [null, '', 'Bearer abc', 'Device ', 'Device dev_nope.secret']) {
			const r = await handlePush(deps, header, body([wire(intake(), { rev: 1, id: 'R-1' })]));
			expect(r.status).toBe(401);
			expect(ErrorBody.parse(r.body).error.code).toBe('unauthenticated');
		}
		expect(await count(deps.store, 'reservations')).toBe(0);
		const [c] = await deps.store.query<{ n: number }>(
			`SELECT sum(count)::int AS n FROM refusal_counters WHERE code = 'unauthenticated'`
		);
		expect(c.n).toBe(5);
		expect(await count(deps.store, 'audit_log')).toBe(0);
	});

	it('a wrong secret for a real device id → 401', async () => {
		const r = await handlePush(deps, deviceAuthHeader(`${kiosk.deviceId}.wrongsecret`), body([]));
		expect(r.status).toBe(401);
	});

	it('revoked device → 403 device_revoked on push and pull', async () => {
		expect(await revokeDevice(deps.store, kiosk.deviceId, deps.now())).toBe(true);
		const r = await handlePush(deps, kiosk.auth, body([wire(intake(), { rev: 1, id: 'R-1' })]));
		expect(r.status).toBe(403);
		expect(ErrorBody.parse(r.body).error.code).toBe('device_revoked');
		const p = await handlePull(deps, kiosk.auth, new URL('http://x/api/sync/pull?cursor=0'));
		expect(p.status).toBe(403);
		expect(await count(deps.store, 'reservations')).toBe(0);
		const counted = await deps.store.query<{ code: string; source: string }>(
			'SELECT code, source FROM refusal_counters'
		);
		expect(counted).toContainEqual({ code: 'device_revoked', source: kiosk.deviceId });
		expect(await revokeDevice(deps.store, 'dev_unknown123', deps.now())).toBe(false);
	});

	it('bad JSON → 400 bad_json', async () => {
		for (const text of ['{', '', 'nul', '{"deviceId": }']) {
			const r = await handlePush(deps, kiosk.auth, text);
			expect(r.status).toBe(400);
			expect(ErrorBody.parse(r.body).error.code).toBe('bad_json');
		}
	});

	it('oversized body → 413 too_large', async () => {
		const r = await handlePush(
			deps,
			kiosk.auth,
			JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) })
		);
		expect(r.status).toBe(413);
		expect(ErrorBody.parse(r.body).error.code).toBe('too_large');
	});

	it.each([
		['wrong types', () => [{ ...wire(intake(), { rev: 1, id: 'R-1' }), queueRevision: 'one' }]],
		['missing fields', () => [{ type: 'reservation.note', payload: { staffNotes: 'hi' } }]],
		[
			'unknown action type',
			() => [{ ...wire(intake(), { rev: 1, id: 'R-1' }), type: 'reservation.delete_all' }]
		],
		['empty batch', () => []],
		[
			'oversized batch',
			() => Array.from({ length: 201 }, (_, i) => wire(intake(), { rev: i + 1, id: `R-${i}` }))
		],
		['not an array', () => 'DROP TABLE'],
		[
			'valid then invalid',
			() => [
				wire(intake(), { rev: 1, id: 'R-1' }),
				{ ...wire(intake(), { rev: 2, id: 'R-2' }), payload: {} }
			]
		]
	])('%s → 400 invalid with a message, nothing written', async (_name, actions) => {
		const before = await footprint(deps.store);
		const r = await handlePush(deps, kiosk.auth, body(actions()));
		expect(r.status).toBe(400);
		const err = ErrorBody.parse(r.body).error;
		expect(err.code).toBe('invalid');
		expect(err.message.length).toBeGreaterThan(0);
		expect(err.issues?.length).toBeGreaterThan(0);
		expect(await footprint(deps.store)).toEqual(before);
		expect(await count(deps.store, 'applied_actions')).toBe(0);
	});

	it.each(HOSTILE_NOTES)(
		'stores hostile note text verbatim or refuses it as 400 (%#)',
		async (text) => {
			const r = await kiosk.push([
				wire(intake(), { rev: 1, id: 'R-1' }),
				wire(
					{ type: 'reservation.note', payload: { staffNotes: text } },
					{ rev: 2, id: 'R-1', base: 1 }
				)
			]);
			if (text.length > 1500) {
				expect(r.status).toBe(400);
				expect(await count(deps.store, 'reservations')).toBe(0);
			} else {
				expect(r.status).toBe(200);
				expect(r.body.results[1].reservation?.staffNotes.at(-1)?.text).toBe(text);
				expect(await count(deps.store, 'reservations')).toBe(1);
			}
		}
	);

	it('pull with a bad cursor → 400 invalid', async () => {
		for (const q of ['cursor=-1', 'cursor=abc', 'cursor=1.5', "cursor=1' OR 1=1"]) {
			const r = await handlePull(deps, kiosk.auth, new URL(`http://x/api/sync/pull?${q}`));
			expect(r.status).toBe(400);
			expect(ErrorBody.parse(r.body).error.code).toBe('invalid');
		}
	});

	it('a registered device token authenticates', async () => {
		const made = await registerDevice(deps.store, 'Front desk', 'admin-alex', deps.now());
		const r = await handlePull(
			deps,
			deviceAuthHeader(made.token),
			new URL('http://x/api/sync/pull')
		);
		expect(r.status).toBe(200);
	});
});
