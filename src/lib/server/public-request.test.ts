import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CustomerNotification } from '../domain/effects';
import type { Reservation } from '../domain/reservation';
import { ErrorBody } from '../sync/contract';
import { PublicRequestResponse } from '../sync/public-request';
import { customerUidFor } from './customers';
import type { ServerDeps } from './deps';
import { pullSince } from './pull';
import {
	PUBLIC_BOARD_PER_WINDOW,
	PUBLIC_GLOBAL_PER_WINDOW,
	PUBLIC_REQUESTS_PER_WINDOW,
	PUBLIC_WINDOW_MS,
	handlePublicRequest
} from './public-request';
import {
	STORE_KINDS,
	count,
	enrolKiosk,
	footprint,
	testServer
} from '../../testing/server/testing';
import { handleDecidePending, handleListPending } from './admin-devices';
import { issueTicket } from './devices';

const valid = (extra: Record<string, unknown> = {}) =>
	JSON.stringify({
		customerName: 'Pat Potter',
		email: 'Pat.Potter@Example.com',
		firingType: 'glaze',
		estimatedHalfShelves: 3,
		rushRequested: true,
		pieces: [{ pieceLabel: 'Six mugs', pieceCount: 6 }],
		notes: 'Please fire cone 6.',
		...extra
	});

describe.each(STORE_KINDS)('public requests on %s', (kind) => {
	let deps: ServerDeps;
	let clock = Date.parse('2026-12-01T09:00:00.000Z');
	beforeEach(async () => {
		deps = await testServer(kind);
		deps.now = () => new Date(clock).toISOString();
	});
	afterEach(() => deps.store.close());

	it('creates a REQUESTED reservation as client, with the customer row and its notification', async () => {
		const r = await handlePublicRequest(deps, valid(), '10.0.0.1');
		expect(r.status).toBe(201);
		const body = PublicRequestResponse.parse(r.body);
		expect(body.reservationId).toMatch(/^rsv_/);
		expect(body.title).toBe('Your firing request is in the queue');
		expect(body.body).toContain('to be confirmed');
		// An empty queue: first in line on the kiln the board would suggest.
		expect(body.queueLine).toBe(
			'Yours is next in line: usually fired within 2 days (an estimate until the studio places it on a kiln).'
		);
		expect(body.reference).toMatch(/^KB-[0-9A-Z]{6}$/);
		expect(body.statusPath).toMatch(/^\/status\/[A-Za-z0-9_-]{43}$/);

		const uid = customerUidFor('pat.potter@example.com');
		const people = await deps.store.query<{ kind: string; email: string; name: string }>(
			'SELECT kind, email, name FROM people WHERE uid = $1',
			[uid]
		);
		expect(people).toEqual([
			{ kind: 'customer', email: 'pat.potter@example.com', name: 'Pat Potter' }
		]);

		const doc = (
			await deps.store.query<{ doc: Reservation }>('SELECT doc FROM reservations WHERE id = $1', [
				body.reservationId
			])
		)[0].doc;
		expect(doc).toMatchObject({
			status: 'REQUESTED',
			ownerUid: uid,
			createdByRole: 'client',
			estimatedHalfShelves: 3,
			notesGeneral: 'Please fire cone 6.',
			addOns: { rushRequested: true }
		});
		expect(doc.stageHistory).toHaveLength(1);
		const notes = await deps.store.query<{ doc: CustomerNotification }>(
			'SELECT doc FROM notifications WHERE reservation_id = $1',
			[body.reservationId]
		);
		expect(notes.map((n) => [n.doc.kind, n.doc.title, n.doc.body])).toEqual([
			['request_received', body.title, body.body]
		]);
		// Kiosks pull it like any other change.
		const pulled = await pullSince(deps.store, 0);
		expect(pulled.reservations.map((x) => x.id)).toEqual([body.reservationId]);
	});

	it('keeps an optional phone on the customer row; a later request without one keeps it', async () => {
		expect(
			(await handlePublicRequest(deps, valid({ phone: ' +44 20 7946 0018 ' }), '10.0.0.1')).status
		).toBe(201);
		expect((await handlePublicRequest(deps, valid(), '10.0.0.2')).status).toBe(201);
		const rows = await deps.store.query<{ email: string; phone: string | null }>(
			"SELECT email, phone FROM people WHERE kind = 'customer' AND email IS NOT NULL"
		);
		expect(rows).toEqual([{ email: 'pat.potter@example.com', phone: '+44 20 7946 0018' }]);
		await handlePublicRequest(deps, valid({ phone: '020 7946 0099' }), '10.0.0.3');
		const [latest] = await deps.store.query<{ phone: string }>(
			"SELECT phone FROM people WHERE kind = 'customer' AND email IS NOT NULL"
		);
		expect(latest.phone).toBe('020 7946 0099');
	});

	it('the same email maps to the same customer row; each request is its own reservation', async () => {
		await handlePublicRequest(deps, valid(), '10.0.0.1');
		await handlePublicRequest(
			deps,
			valid({ email: 'PAT.POTTER@example.com', customerName: 'Pat P.' }),
			'10.0.0.2'
		);
		const rows = await deps.store.query<{ owner_uid: string }>(
			'SELECT owner_uid FROM reservations'
		);
		expect(rows).toHaveLength(2);
		expect(new Set(rows.map((x) => x.owner_uid)).size).toBe(1);
		expect(await count(deps.store, "people WHERE kind = 'customer' AND email IS NOT NULL")).toBe(1);
	});

	it(`allows ${PUBLIC_REQUESTS_PER_WINDOW} per address per window, then 429 with Retry-After (audited)`, async () => {
		for (let i = 0; i < PUBLIC_REQUESTS_PER_WINDOW; i++)
			expect((await handlePublicRequest(deps, valid(), '10.0.0.9')).status).toBe(201);
		const before = await footprint(deps.store);
		const r = await handlePublicRequest(deps, valid(), '10.0.0.9');
		expect(r.status).toBe(429);
		expect(ErrorBody.parse(r.body).error.code).toBe('rate_limited');
		expect(Number(r.headers?.['retry-after'])).toBeGreaterThan(0);
		expect(await footprint(deps.store)).toEqual(before);
		expect((await handlePublicRequest(deps, valid(), '10.0.0.10')).status).toBe(201);
		// Counted per (code, source, minute), not one audit row each.
		expect(await count(deps.store, 'audit_log')).toBe(0);
		const counters = await deps.store.query<{ code: string; source: string; count: number }>(
			'SELECT code, source, count FROM refusal_counters'
		);
		expect(counters).toEqual([{ code: 'public_rate_limited', source: '10.0.0.9', count: 1 }]);
		clock += PUBLIC_WINDOW_MS + 1;
		expect((await handlePublicRequest(deps, valid(), '10.0.0.9')).status).toBe(201);
	});

	it.each([
		['bad JSON', '{"customerName":', 400, 'bad_json'],
		['missing email', valid({ email: undefined }), 400, 'invalid'],
		['not an email', valid({ email: "x' OR 1=1 --" }), 400, 'invalid'],
		['wrong type', valid({ estimatedHalfShelves: 'three' }), 400, 'invalid'],
		['too many half-shelves', valid({ estimatedHalfShelves: 99 }), 400, 'invalid'],
		['unknown firing', valid({ firingType: 'raku<script>' }), 400, 'invalid'],
		['long notes', valid({ notes: 'n'.repeat(2001) }), 400, 'invalid'],
		['phone with letters', valid({ phone: 'call me' }), 400, 'invalid'],
		['phone too short', valid({ phone: '12 34' }), 400, 'invalid'],
		['too large', 'x'.repeat(20_000), 413, 'too_large'],
		['over the limit (stream)', null, 413, 'too_large']
	])('%s → %s %s, counted, nothing written', async (_name, text, statusCode, code) => {
		const before = await footprint(deps.store);
		const r = await handlePublicRequest(deps, text, '10.1.1.1');
		expect(r.status).toBe(statusCode);
		expect(ErrorBody.parse(r.body).error.code).toBe(code);
		expect(await footprint(deps.store)).toEqual(before);
		expect(await count(deps.store, 'people WHERE email IS NOT NULL')).toBe(0);
		const [c] = await deps.store.query<{ n: number }>(
			`SELECT COALESCE(sum(count), 0)::int AS n FROM refusal_counters WHERE source = '10.1.1.1'`
		);
		expect(c.n).toBe(1);
	});

	it(`a flood from many addresses: ${PUBLIC_BOARD_PER_WINDOW} reach the boards, the rest wait unconfirmed up to the ceiling (${PUBLIC_GLOBAL_PER_WINDOW})`, async () => {
		const burst = await Promise.all(
			Array.from({ length: PUBLIC_GLOBAL_PER_WINDOW + 40 }, (_, i) =>
				handlePublicRequest(deps, valid(), `203.0.113.${i}`)
			)
		);
		expect(burst.filter((r) => r.status === 201)).toHaveLength(PUBLIC_BOARD_PER_WINDOW);
		const waiting = burst.filter((r) => r.status === 202);
		expect(waiting).toHaveLength(PUBLIC_GLOBAL_PER_WINDOW - PUBLIC_BOARD_PER_WINDOW);
		expect(burst.filter((r) => r.status === 429)).toHaveLength(40);
		// Only the first ones are on the boards; nothing was audited row by row.
		expect(await count(deps.store, 'reservations')).toBe(PUBLIC_BOARD_PER_WINDOW);
		expect(await count(deps.store, 'audit_log')).toBe(0);
		const [c] = await deps.store.query<{ n: number }>(
			`SELECT sum(count)::int AS n FROM refusal_counters WHERE code = 'public_ceiling'`
		);
		expect(c.n).toBe(40);

		// Staff see the lane on the Kiosks screen and accept or reject each request.
		const desk = await enrolKiosk(deps, 'Desk');
		const { ticket } = await issueTicket(deps.store, {
			personUid: 'admin-alex',
			deviceId: desk.deviceId,
			purpose: 'admin',
			at: deps.now(),
			ttlMs: 60_000
		});
		const list = await handleListPending(deps, desk.auth, ticket);
		const pending = (list.body as { requests: { id: string; customerName: string }[] }).requests;
		expect(pending).toHaveLength(waiting.length);
		expect(pending[0].customerName).toBe('Pat Potter');
		const acc = await handleDecidePending(deps, desk.auth, ticket, pending[0].id, 'accept');
		expect(acc).toMatchObject({ status: 200, body: { status: 'accepted' } });
		expect(await count(deps.store, 'reservations')).toBe(PUBLIC_BOARD_PER_WINDOW + 1);
		const rej = await handleDecidePending(deps, desk.auth, ticket, pending[1].id, 'reject');
		expect(rej).toMatchObject({ status: 200, body: { status: 'rejected' } });
		// Decided once: a second decision finds nothing waiting; no ticket, no lane.
		expect(
			(await handleDecidePending(deps, desk.auth, ticket, pending[0].id, 'accept')).status
		).toBe(404);
		expect((await handleListPending(deps, desk.auth, null)).status).toBe(401);
		expect(await count(deps.store, 'reservations')).toBe(PUBLIC_BOARD_PER_WINDOW + 1);
	}, 180_000);
});
