import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Action } from '../domain/actions';
import type { Reservation } from '../domain/reservation';
import { ErrorBody, MAX_BATCH, MAX_BODY_BYTES } from '../sync/contract';
import {
	ADMIN_MAX_BYTES,
	ADMIN_TICKET_MS,
	handleAdminSession,
	handleRevokeDevice
} from './admin-devices';
import type { TestDeps } from '../../testing/server/test-deps';
import { ENROL_MAX_BYTES, handleEnrol, issueTicket, revokeDevice } from './devices';
import type { Reply } from './http';
import { handlePull } from './pull';
import { PUBLIC_MAX_BYTES, handlePublicRequest } from './public-request';
import { handlePush } from './push';
import { handleEvents } from './sse';
import { handleFaults } from '../../testing/server/test-faults';
import {
	STORE_KINDS,
	count,
	enrolKiosk,
	footprint,
	intake,
	testHooksServer,
	testServer,
	wire,
	type Kiosk
} from '../../testing/server/testing';

/** Text that must be refused as 4xx or stored exactly as sent; never a 500. */
const NASTY = [
	"'; DROP TABLE reservations; --",
	"Robert'); DELETE FROM people WHERE ('1'='1",
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'"><svg/onload=alert(document.cookie)>',
	'${7*7} {{7*7}} %s %n',
	'nul \u0000 inside',
	'lone surrogate \ud800 here',
	'rtl \u202e override ☃ 🏺 e\u0301',
	'x'.repeat(1_400)
];
const LONG = 'y'.repeat(100_000);

const MALFORMED_JSON = [
	'',
	'{',
	'{"a":}',
	'nul',
	"{'a':1}",
	'[1,]',
	'{"a":1}}',
	'\u0000',
	'{"a":"\\x41"}'
];
const NOT_OBJECTS = ['null', '[]', '"text"', '42', 'true', '['.repeat(5000) + ']'.repeat(5000)];

/** The wrong JSON type for a value (never coerced by the schemas). */
function wrongType(v: unknown): unknown {
	if (typeof v === 'string') return 12345;
	if (typeof v === 'number') return String(v);
	if (typeof v === 'boolean') return 'true';
	if (Array.isArray(v)) return { 0: v[0] };
	if (v && typeof v === 'object') return [v];
	return 7;
}

interface Endpoint {
	name: string;
	maxBytes: number;
	/** A well-formed body (it may still be refused for its content, e.g. a wrong PIN). */
	valid(): Record<string, unknown>;
	required: string[];
	call(text: string): Promise<Reply>;
}

describe.each(STORE_KINDS)('hostile inputs on %s', (kind) => {
	let deps: TestDeps;
	let kiosk: Kiosk;
	let other: Kiosk;
	let rev = 0;
	let ip = 0;
	let ticket = '';
	const nextIp = () => `198.51.100.${++ip % 250}:${ip}`;

	/** Every table a request could write, except the audit log (refusals are audited). */
	async function snapshot() {
		return {
			...(await footprint(deps.store)),
			applied: await count(deps.store, 'applied_actions'),
			people: await count(deps.store, 'people'),
			devices: await count(deps.store, 'devices'),
			revoked: await count(deps.store, 'devices WHERE revoked_at IS NOT NULL'),
			stations: (await deps.store.query('SELECT id, version, doc FROM stations ORDER BY id')).map(
				(r) => JSON.stringify(r)
			)
		};
	}

	/** Refused as a clear 4xx with a code, and nothing but the audit log moved. */
	async function expectRefused(
		reply: Reply | Promise<Reply>,
		before: unknown,
		codes?: string[],
		label = ''
	) {
		const r = await reply;
		expect(r.status, JSON.stringify(r.body)).toBeGreaterThanOrEqual(400);
		expect(r.status).toBeLessThan(500);
		const err = ErrorBody.parse(r.body).error;
		expect(err.code.length).toBeGreaterThan(0);
		expect(err.message.length).toBeGreaterThan(0);
		if (codes) expect(codes, label).toContain(err.code);
		expect(await snapshot()).toEqual(before);
		return err;
	}

	const endpoints = (): Endpoint[] => [
		{
			name: 'push',
			maxBytes: MAX_BODY_BYTES,
			valid: () => ({
				deviceId: kiosk.deviceId,
				actions: [wire(intake(), { rev: ++rev, id: `H-${rev}` })]
			}),
			required: ['deviceId', 'actions'],
			call: (t) => handlePush(deps, kiosk.auth, t)
		},
		{
			name: 'push action',
			maxBytes: MAX_BODY_BYTES,
			valid: () => wire(intake(), { rev: ++rev, id: `H-${rev}` }) as Record<string, unknown>,
			required: ['type', 'payload', 'queueRevision', 'actorUid', 'baseVersion', 'createdAt'],
			call: (t) =>
				handlePush(
					deps,
					kiosk.auth,
					`{"deviceId":${JSON.stringify(kiosk.deviceId)},"actions":[${t}]}`
				)
		},
		{
			name: 'public request',
			maxBytes: PUBLIC_MAX_BYTES,
			valid: () => ({
				customerName: 'Pat Potter',
				email: 'pat@example.com',
				firingType: 'glaze',
				estimatedHalfShelves: 2,
				rushRequested: false,
				pieces: [{ pieceLabel: 'Mug', pieceCount: 2 }],
				notes: null
			}),
			required: ['customerName', 'email', 'firingType', 'estimatedHalfShelves'],
			call: (t) => handlePublicRequest(deps, t, nextIp())
		},
		{
			name: 'enrol',
			maxBytes: ENROL_MAX_BYTES,
			valid: () => ({ label: 'Kiosk', code: 'AAAA-BBBB-CC' }),
			required: ['label', 'code'],
			call: (t) => handleEnrol(deps, t, nextIp())
		},
		{
			name: 'admin session',
			maxBytes: ADMIN_MAX_BYTES,
			valid: () => ({ uid: 'admin-alex', pin: '999999' }),
			required: ['uid', 'pin'],
			call: (t) => handleAdminSession(deps, kiosk.auth, t, nextIp())
		},
		{
			name: 'admin revoke',
			maxBytes: ADMIN_MAX_BYTES,
			// A well-formed body for a device that does not exist: refused as 404.
			valid: () => ({ reason: 'Lost tablet' }),
			required: ['reason'],
			call: (t) => handleRevokeDevice(deps, kiosk.auth, ticket, 'dev_doesnotexist1', t)
		},
		{
			name: 'test faults',
			maxBytes: 4_096,
			valid: () => ({ dropResponsesAfterCommit: 0, clockOffsetMs: 0 }),
			required: [],
			call: async (t) => handleFaults(deps, t)
		}
	];

	beforeEach(async () => {
		deps = await testHooksServer(kind);
		kiosk = await enrolKiosk(deps, 'Front desk');
		other = await enrolKiosk(deps, 'Back room');
		// An admin session on the front desk (the PIN check itself is tested in admin-devices).
		ticket = (
			await issueTicket(deps.store, {
				personUid: 'admin-alex',
				deviceId: kiosk.deviceId,
				purpose: 'admin',
				at: deps.now(),
				ttlMs: ADMIN_TICKET_MS
			})
		).ticket;
	});
	afterEach(() => deps.store.close());

	it('every endpoint: malformed JSON → 400 bad_json; non-objects → 400 invalid', async () => {
		const before = await snapshot();
		for (const e of endpoints()) {
			// Wrapped in a batch, an empty action text still makes valid JSON (an empty batch).
			const codes = e.name === 'push action' ? ['bad_json', 'invalid'] : ['bad_json'];
			for (const text of MALFORMED_JSON) await expectRefused(e.call(text), before, codes, e.name);
			for (const text of NOT_OBJECTS)
				await expectRefused(e.call(text), before, ['invalid', 'bad_json', 'too_large']);
			await expectRefused(e.call('{"__proto__":{"admin":true}}'), before, ['invalid'], e.name);
		}
	});

	it('every endpoint: each field with the wrong type, each required field missing → 400 invalid', async () => {
		const before = await snapshot();
		for (const e of endpoints()) {
			for (const key of Object.keys(e.valid())) {
				const body = e.valid();
				body[key] = wrongType(body[key]);
				const err = await expectRefused(e.call(JSON.stringify(body)), before, ['invalid']);
				expect(err.issues?.length, `${e.name}.${key}`).toBeGreaterThan(0);
			}
			for (const key of e.required) {
				const body = e.valid();
				delete body[key];
				await expectRefused(e.call(JSON.stringify(body)), before, ['invalid']);
			}
		}
	});

	it('every endpoint: oversized bodies → 413 too_large', async () => {
		const before = await snapshot();
		for (const e of endpoints()) {
			const body = { ...e.valid(), pad: 'x'.repeat(e.maxBytes) };
			await expectRefused(e.call(JSON.stringify(body)), before, ['too_large']);
		}
		// The routes pass null when the stream itself went over the limit.
		await expectRefused(handlePublicRequest(deps, null, nextIp()), before, ['too_large']);
		await expectRefused(
			handleRevokeDevice(deps, kiosk.auth, ticket, other.deviceId, null),
			before,
			['too_large']
		);
	});

	it('push: oversized batch, unknown action types, bad payloads, very long text → 400', async () => {
		const before = await snapshot();
		const batch = Array.from({ length: MAX_BATCH + 1 }, (_, i) =>
			wire(intake(), { rev: i + 1, id: `B-${i}` })
		);
		const push = (actions: unknown[]) =>
			handlePush(deps, kiosk.auth, JSON.stringify({ deviceId: kiosk.deviceId, actions }));
		await expectRefused(push(batch), before, ['invalid']);
		const base = wire(intake(), { rev: 1, id: 'U-1' });
		for (const type of [
			'reservation.delete',
			'DROP TABLE reservations',
			'<script>',
			'',
			'station.availability '
		]) {
			await expectRefused(push([{ ...base, type }]), before, ['invalid']);
		}
		for (const payload of [{}, null, 'x', [], { ownerUid: LONG, customerName: 'A' }])
			await expectRefused(push([{ ...base, payload }]), before, ['invalid']);
		const longNote = { type: 'reservation.note', payload: { staffNotes: LONG } };
		await expectRefused(push([{ ...base, ...longNote, reservationId: 'U-1' }]), before, [
			'invalid'
		]);
		const longReason = {
			type: 'reservation.safety_hold',
			payload: { hold: true, reason: LONG }
		};
		await expectRefused(push([{ ...base, ...longReason }]), before, ['invalid']);
		await expectRefused(push([{ ...base, reservationId: LONG }]), before, ['invalid']);
		await expectRefused(push([{ ...base, actorUid: LONG }]), before, ['invalid']);
		await expectRefused(push([{ ...base, queueRevision: -1 }]), before, ['invalid']);
		await expectRefused(push([{ ...base, queueRevision: 1.5 }]), before, ['invalid']);
		await expectRefused(push([{ ...base, createdAt: "2026-01-01' OR '1'='1" }]), before, [
			'invalid'
		]);
	});

	it.each(NASTY.map((t, i) => [i, t]))(
		'push: nasty text #%i in notes and reasons is stored verbatim or refused, never a 500',
		async (_i, text) => {
			const before = await snapshot();
			const note = Action.parse({ type: 'reservation.note', payload: { staffNotes: 'seed' } });
			const ok = await kiosk.push([wire(intake(), { rev: 1, id: 'N-1' })]);
			expect(ok.status).toBe(200);
			const steps = [
				{ type: 'reservation.note', payload: { staffNotes: text } },
				{ type: 'reservation.safety_hold', payload: { hold: true, reason: text } },
				{ type: 'reservation.status', payload: { status: 'CANCELLED', staffNotes: text } }
			];
			let r = 1;
			for (const step of steps) {
				const mid = await snapshot();
				const res = await handlePush(
					deps,
					kiosk.auth,
					JSON.stringify({
						deviceId: kiosk.deviceId,
						actions: [{ ...wire(note, { rev: ++r, id: 'N-1', base: 1 }), ...step }]
					})
				);
				if (res.status === 200) {
					const result = (res.body as { results: { status: string; reservation: Reservation }[] })
						.results[0];
					expect(result.status).toBe('applied');
					const stored = (
						await deps.store.query<{ doc: Reservation }>(
							"SELECT doc FROM reservations WHERE id = 'N-1'"
						)
					)[0].doc;
					expect(JSON.stringify(stored)).toContain(JSON.stringify(text).slice(1, -1));
				} else {
					await expectRefused(res, mid);
				}
			}
			expect(before).toMatchObject({ reservations: 0 });
		}
	);

	it.each(NASTY.map((t, i) => [i, t]))(
		'public request: nasty text #%i is stored verbatim or refused, never a 500',
		async (_i, text) => {
			const before = await snapshot();
			const res = await handlePublicRequest(
				deps,
				JSON.stringify({
					customerName: `Pat ${text}`.slice(0, 200),
					email: 'pat@example.com',
					firingType: 'bisque',
					estimatedHalfShelves: 1,
					pieces: [{ pieceLabel: `Mug ${text}`.slice(0, 200), pieceCount: 1 }],
					notes: `Note ${text}`
				}),
				nextIp()
			);
			if (res.status === 201) {
				const id = (res.body as { reservationId: string }).reservationId;
				const doc = (
					await deps.store.query<{ doc: Reservation }>(
						'SELECT doc FROM reservations WHERE id = $1',
						[id]
					)
				)[0].doc;
				expect(doc.notesGeneral).toBe(`Note ${text}`);
				expect(doc.customerName).toBe(`Pat ${text}`.slice(0, 200));
			} else await expectRefused(res, before);
		}
	);

	it('enrol, revoke and faults: nasty strings in every string field → refused or harmless', async () => {
		for (const text of NASTY) {
			const before = await snapshot();
			await expectRefused(
				handleEnrol(deps, JSON.stringify({ label: text, code: text }), nextIp()),
				before
			);
			await expectRefused(
				handleRevokeDevice(deps, kiosk.auth, ticket, text, JSON.stringify({ reason: 'lost' })),
				before
			);
			await expectRefused(
				handleRevokeDevice(
					deps,
					kiosk.auth,
					ticket,
					'dev_doesnotexist1',
					JSON.stringify({ reason: text })
				),
				before
			);
			await expectRefused(
				handleAdminSession(deps, kiosk.auth, JSON.stringify({ uid: text, pin: text }), nextIp()),
				before
			);
			await expectRefused(handleFaults(deps, JSON.stringify({ clockOffsetMs: text })), before);
		}
	});

	it('pull and events: hostile query strings → 400 or ignored, never a 500', async () => {
		const queries = [
			'cursor=-1',
			"cursor=1' OR '1'='1",
			'cursor=1e400',
			'cursor=99999999999999999999999',
			'cursor=NaN',
			'limit=0',
			'limit=100000000',
			`cursor=${'9'.repeat(5000)}`
		];
		const before = await snapshot();
		for (const q of queries) {
			const r = await handlePull(deps, kiosk.auth, new URL(`http://x/api/sync/pull?${q}`));
			await expectRefused(r, before, ['invalid']);
		}
		for (const token of ["dev_x'; DROP TABLE devices; --.s", '<script>', LONG, '']) {
			// A credential in the URL is not accepted any more; neither is a made-up ticket.
			const url = new URL(
				`http://x/api/sync/events?token=${encodeURIComponent(token)}&ticket=${encodeURIComponent(token)}`
			);
			const res = await handleEvents(deps, null, url);
			expect(res.status).toBe(401);
			expect(ErrorBody.parse(await res.json()).error.code).toBe('unauthenticated');
		}
		expect(await snapshot()).toEqual(before);
	});

	it('no credential, a bad credential, or a revoked device → refused on every kiosk endpoint, audited', async () => {
		const before = await snapshot();
		// Refusals are counted per (code, source, minute), not written as one row each.
		const audited = async () =>
			Number(
				(
					await deps.store.query<{ n: number }>(
						'SELECT COALESCE(sum(count), 0)::int AS n FROM refusal_counters'
					)
				)[0].n
			);
		const push = JSON.stringify({
			deviceId: kiosk.deviceId,
			actions: [wire(intake(), { rev: 1, id: 'A-1' })]
		});
		const revoke = JSON.stringify({ reason: 'Lost tablet' });
		for (const header of [
			null,
			'',
			'Device ',
			'Bearer x',
			`Device ${kiosk.deviceId}.nope`,
			`Device ${LONG}`
		]) {
			const n = await audited();
			await expectRefused(handlePush(deps, header, push), before, ['unauthenticated']);
			await expectRefused(handlePull(deps, header, new URL('http://x/p')), before, [
				'unauthenticated'
			]);
			await expectRefused(
				handleRevokeDevice(deps, header, ticket, other.deviceId, revoke),
				before,
				['unauthenticated']
			);
			expect(await audited()).toBe(n + 3);
		}
		await revokeDevice(deps.store, kiosk.deviceId, deps.now());
		const after = await snapshot();
		await expectRefused(handlePush(deps, kiosk.auth, push), after, ['device_revoked']);
		await expectRefused(handlePull(deps, kiosk.auth, new URL('http://x/p')), after, [
			'device_revoked'
		]);
		await expectRefused(
			handleRevokeDevice(deps, kiosk.auth, ticket, other.deviceId, revoke),
			after,
			['device_revoked']
		);
		const events = await handleEvents(deps, kiosk.auth, new URL('http://x/e'));
		expect(events.status).toBe(403);
		const rows = await deps.store.query<{ source: string; count: number }>(
			"SELECT source, count FROM refusal_counters WHERE code = 'device_revoked'"
		);
		expect(rows.reduce((n, r) => n + Number(r.count), 0)).toBe(4);
		expect(rows.every((r) => r.source === kiosk.deviceId)).toBe(true);
	});

	it('unknown, inactive or under-ranked actors → permission refusals, audited, nothing changed', async () => {
		await kiosk.push([wire(intake(), { rev: 1, id: 'P-1' })]);
		const before = await snapshot();
		const station = Action.parse({
			type: 'station.availability',
			payload: { stationId: 'studio-kiln-a', available: false, reason: 'Element out' }
		});
		const cases: [string, ReturnType<typeof wire>][] = [
			['unknown', wire(intake(), { rev: 2, id: 'P-2', actor: "nobody'; --" })],
			['unknown', wire(intake(), { rev: 3, id: 'P-3', actor: 'cust-maya' })],
			['inactive', wire(intake(), { rev: 4, id: 'P-4', actor: 'staff-former' })],
			['role', { ...wire(station, { rev: 5, id: null }), actorUid: 'staff-sam' }]
		];
		for (const [reason, action] of cases) {
			const res = await kiosk.push([action]);
			expect(res.status).toBe(200);
			expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'permission' });
			expect(res.body.results[0]).toHaveProperty('details.reason', reason);
		}
		const after = await snapshot();
		// Only the claims (stored refusals, so a resend answers the same) were written.
		expect({ ...after, applied: before.applied }).toEqual(before);
		expect(after.applied).toBe(before.applied + cases.length);
		expect(await count(deps.store, "audit_log WHERE code = 'permission'")).toBe(cases.length);
	});

	it('a start without test hooks has no fault switches and the real clock', async () => {
		const plain = await testServer(kind);
		try {
			expect('faults' in plain).toBe(false);
			expect(plain.now().slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
		} finally {
			await plain.store.close();
		}
	});
});
