import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Reservation } from '../domain/reservation';
import { ErrorBody } from '../sync/contract';
import { PublicRequestResponse, PublicStatus } from '../sync/public-request';
import type { ServerDeps } from './deps';
import { deliverPending } from './notify-delivery';
import type { Outbound } from './notify-transport';
import { handlePublicRequest } from './public-request';
import {
	STATUS_LOOKUPS_PER_WINDOW,
	handleStatusLookup,
	hashStatusToken,
	revokeStatusLinks,
	UNKNOWN_STATUS_TEXT
} from './status-page';
import {
	STORE_KINDS,
	enrolKiosk,
	intake,
	status,
	testServer,
	wire
} from '../../testing/server/testing';

const request = JSON.stringify({
	customerName: 'Inés Alvarez',
	email: 'ines@example.com',
	firingType: 'glaze',
	estimatedHalfShelves: 2,
	pieces: [{ pieceLabel: 'Two bowls', pieceCount: 2 }],
	notes: 'SECRET-NOTE please fire cone 6'
});

const tokenOf = (path: string | null) => (path ?? '').replace(/^\/status\//, '');

describe.each(STORE_KINDS)('customer status links on %s', (kind) => {
	let deps: ServerDeps;
	let clock = Date.parse('2026-12-01T09:00:00.000Z');
	beforeEach(async () => {
		deps = await testServer(kind);
		deps.now = () => new Date((clock += 1000)).toISOString();
	});
	afterEach(() => deps.store.close());

	async function submit() {
		const r = await handlePublicRequest(deps, request, '10.1.0.1');
		expect(r.status).toBe(201);
		return PublicRequestResponse.parse(r.body);
	}

	it('the confirmation carries a 256-bit token stored only as its sha256', async () => {
		const a = await submit();
		const b = await submit();
		const ta = tokenOf(a.statusPath);
		expect(ta).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 bytes, base64url
		expect(tokenOf(b.statusPath)).not.toBe(ta);
		expect(a.reference).toMatch(/^KB-[0-9A-Z]{6}$/);
		expect(a.studioName.length).toBeGreaterThan(0);
		const rows = await deps.store.query<{ token_hash: string; reservation_id: string }>(
			'SELECT token_hash, reservation_id FROM status_links WHERE reservation_id = $1',
			[a.reservationId]
		);
		expect(rows).toEqual([{ token_hash: hashStatusToken(ta), reservation_id: a.reservationId }]);
		expect(rows[0].token_hash).not.toContain(ta);
	});

	it('an unknown, malformed or revoked token is a plain 404', async () => {
		const a = await submit();
		const real = tokenOf(a.statusPath);
		// One character off (never the same character, or 1 run in 64 would look the real one up).
		const near = real.slice(0, 42) + (real.at(-1) === 'A' ? 'B' : 'A');
		for (const t of ['x'.repeat(43), 'short', near]) {
			const r = await handleStatusLookup(deps, t, '10.1.0.2');
			expect(r.status).toBe(404);
			expect(ErrorBody.parse(r.body).error).toEqual({
				code: 'not_found',
				message: UNKNOWN_STATUS_TEXT
			});
		}
		expect((await handleStatusLookup(deps, tokenOf(a.statusPath), '10.1.0.2')).status).toBe(200);
		expect(await revokeStatusLinks(deps.store, a.reservationId, deps.now())).toBe(1);
		expect((await handleStatusLookup(deps, tokenOf(a.statusPath), '10.1.0.2')).status).toBe(404);
	});

	it('shows the status in the message words, with no staff data and no ids', async () => {
		const a = await submit();
		const r = await handleStatusLookup(deps, tokenOf(a.statusPath), '10.1.0.3');
		const s = PublicStatus.parse(r.body);
		expect(s.reference).toBe(a.reference);
		expect(s.title).toBe(a.title);
		expect(s.queue).toBe(a.queueLine);
		expect(s.halfShelves).toBe('2 half-shelves');
		const text = JSON.stringify(r.body);
		expect(text).not.toContain(a.reservationId);
		expect(text).not.toContain('SECRET-NOTE');
		expect(text).not.toMatch(/staff-|admin-|cust_|rsv_|ownerUid|stageHistory/);
		expect(Object.keys(r.body as object).sort()).toEqual(Object.keys(PublicStatus.shape).sort());
	});

	it('staff intake gets a link; confirming it on a kiosk shows confirmed', async () => {
		const kiosk = await enrolKiosk(deps);
		const id = 'rsv_0f0e0d0c-0000-4000-8000-000000000001';
		const made = await kiosk.push([
			wire(intake('cust-maya', { assignedStationId: 'studio-kiln-a' }), { rev: 1, id })
		]);
		expect(made.body.results[0].status).toBe('applied');
		const link = await deps.store.query<{ unsent_token: string }>(
			'SELECT unsent_token FROM status_links WHERE reservation_id = $1',
			[id]
		);
		const token = link[0].unsent_token;
		expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
		const before = PublicStatus.parse((await handleStatusLookup(deps, token, '10.1.0.4')).body);
		expect(before.title).toBe('Your firing request is in the queue');
		expect(before.queue).toBe('Yours is next in line: usually fired within 2 days.');

		const sent: Outbound[] = [];
		await deliverPending(deps, {
			name: 'memory',
			send: async (o) => (sent.push(o), { ok: true })
		});
		expect(sent.length).toBeGreaterThan(0);
		// The link travels beside the message (each transport renders it), never in the stored body.
		expect(sent[0].statusUrl).toMatch(new RegExp(`/status/${token}$`));
		expect(sent[0].notification.body).not.toContain(token);
		// The stored message never holds the link, and the raw token is forgotten once sent.
		const stored = await deps.store.query<{ doc: { body: string } }>(
			'SELECT doc FROM notifications WHERE reservation_id = $1',
			[id]
		);
		expect(stored.map((n) => n.doc.body).join(' ')).not.toContain(token);
		const after = await deps.store.query<{ unsent_token: string | null }>(
			'SELECT unsent_token FROM status_links WHERE reservation_id = $1',
			[id]
		);
		expect(after).toEqual([{ unsent_token: null }]);

		const card = (
			await deps.store.query<{ doc: Reservation }>('SELECT doc FROM reservations WHERE id = $1', [
				id
			])
		)[0].doc;
		const confirmed = await kiosk.push([
			wire(status('CONFIRMED'), { rev: 2, id, base: card.version })
		]);
		expect(confirmed.body.results[0].status).toBe('applied');
		const now = PublicStatus.parse((await handleStatusLookup(deps, token, '10.1.0.4')).body);
		expect(now.title).toBe('Your firing is confirmed');
	});

	it('status lookups are rate-limited per address', async () => {
		const a = await submit();
		const t = tokenOf(a.statusPath);
		for (let i = 0; i < STATUS_LOOKUPS_PER_WINDOW; i++)
			expect((await handleStatusLookup(deps, t, '10.9.9.9')).status).toBe(200);
		const r = await handleStatusLookup(deps, t, '10.9.9.9');
		expect(r.status).toBe(429);
		expect(r.headers?.['retry-after']).toBeDefined();
		expect((await handleStatusLookup(deps, t, '10.9.9.8')).status).toBe(200);
	});
});
