import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PullResponse } from '../sync/contract';
import type { ServerDeps } from './deps';
import { handlePull } from './pull';
import { DEFAULT_STUDIO_TIME_ZONE } from './studio-config';
import {
	STORE_KINDS,
	enrolKiosk,
	intake,
	note,
	status,
	testServer,
	wire,
	type Kiosk
} from '../../testing/server/testing';

describe.each(STORE_KINDS)('pull on %s', (kind) => {
	let deps: ServerDeps;
	let kiosk: Kiosk;
	beforeEach(async () => {
		deps = await testServer(kind);
		kiosk = await enrolKiosk(deps);
	});
	afterEach(() => deps.store.close());

	it('cursor 0 brings everything: reservations, stations, staff roster (no customers)', async () => {
		await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(intake(), { rev: 2, id: 'R-2' })
		]);
		const p = PullResponse.parse(await kiosk.pull(0));
		expect(p.reservations.map((r) => r.id)).toEqual(['R-1', 'R-2']);
		expect(p.stations).toHaveLength(4);
		// Only active people who can unlock a kiosk (inactive staff-former is left out).
		expect(p.roster.map((r) => r.uid).sort()).toEqual(['admin-alex', 'staff-sam', 'sup-jo']);
		expect(p.notifications).toHaveLength(2);
		expect(p.cursor).toBeGreaterThan(0);
		expect(p.more).toBe(false);
	});

	it('returns only changes since a cursor, with the latest doc', async () => {
		await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(intake(), { rev: 2, id: 'R-2' })
		]);
		const first = await kiosk.pull(0);
		await kiosk.push([
			wire(status('CONFIRMED'), { rev: 3, id: 'R-2', base: 1 }),
			wire(note('Fragile handles'), { rev: 4, id: 'R-2', base: 2 })
		]);
		const next = await kiosk.pull(first.cursor);
		expect(
			next.reservations.map((r) => [r.id, r.status, r.staffNotes.map((n) => n.text), r.version])
		).toEqual([['R-2', 'CONFIRMED', ['Fragile handles'], 3]]);
		expect(next.cursor).toBeGreaterThan(first.cursor);
		const idle = await kiosk.pull(next.cursor);
		expect(idle.reservations).toEqual([]);
		expect(idle.cursor).toBe(next.cursor);
	});

	it('pages with `more` and never skips a change', async () => {
		const actions = Array.from({ length: 7 }, (_, i) =>
			wire(intake(), { rev: i + 1, id: `R-${i + 1}` })
		);
		await kiosk.push(actions);
		const seen = new Set<string>();
		let cursor = 0;
		let pages = 0;
		for (;;) {
			const url = new URL(`http://x/api/sync/pull?cursor=${cursor}&limit=3`);
			const p = PullResponse.parse((await handlePull(deps, kiosk.auth, url)).body);
			p.reservations.forEach((r) => seen.add(r.id));
			cursor = p.cursor;
			pages++;
			if (!p.more) break;
		}
		expect(seen.size).toBe(7);
		expect(pages).toBe(3);
	});

	it('sends stations and roster on the first and the last page only', async () => {
		await kiosk.push(
			Array.from({ length: 7 }, (_, i) => wire(intake(), { rev: i + 1, id: `R-${i + 1}` }))
		);
		const sizes: [number, number, boolean][] = [];
		let cursor = 0;
		for (;;) {
			const url = new URL(`http://x/api/sync/pull?cursor=${cursor}&limit=3`);
			const p = PullResponse.parse((await handlePull(deps, kiosk.auth, url)).body);
			sizes.push([p.stations.length, p.roster.length, p.more]);
			cursor = p.cursor;
			if (!p.more) break;
		}
		expect(sizes).toEqual([
			[4, 3, true],
			[0, 0, true],
			[4, 3, false]
		]);
	});
});

describe.each(STORE_KINDS)('pull sends stations and roster only when changed, on %s', (kind) => {
	let deps: ServerDeps;
	let kiosk: Kiosk;
	beforeEach(async () => {
		deps = await testServer(kind);
		kiosk = await enrolKiosk(deps);
	});
	afterEach(() => deps.store.close());

	const page = async (cursor: number, have?: string) =>
		PullResponse.parse(
			(
				await handlePull(
					deps,
					kiosk.auth,
					new URL(`http://x/api/sync/pull?cursor=${cursor}${have ? `&have=${have}` : ''}`)
				)
			).body
		);

	it('omits them for a kiosk that holds the current digest, resends them when they change', async () => {
		await kiosk.push([wire(intake(), { rev: 1, id: 'R-1' })]);
		const first = await page(0);
		expect(first.stations).toHaveLength(4);
		expect(first.digest).toMatch(/^[0-9a-f]{32}$/);
		await kiosk.push([wire(note('Glaze drips'), { rev: 2, id: 'R-1', base: 1 })]);
		const next = await page(first.cursor, first.digest);
		expect(next.reservations.map((r) => r.id)).toEqual(['R-1']);
		expect([next.stations.length, next.roster.length]).toEqual([0, 0]);
		expect(next.digest).toBe(first.digest);
		// An older kiosk (no `have`) still gets them on every last page.
		expect((await page(first.cursor)).roster).toHaveLength(3);
		// A roster change outside the change log (a re-seeded PIN) changes the digest.
		await deps.store.query(`UPDATE people SET name = 'Sam R.' WHERE uid = 'staff-sam'`);
		const changed = await page(next.cursor, first.digest);
		expect(changed.digest).not.toBe(first.digest);
		expect(changed.roster.find((r) => r.uid === 'staff-sam')?.name).toBe('Sam R.');
		expect(changed.stations).toHaveLength(4);
	});

	it('carries customer contacts only when they changed, and never to a malformed ask', async () => {
		const ask = async (cursor: number, haveContacts?: string) =>
			PullResponse.parse(
				(
					await handlePull(
						deps,
						kiosk.auth,
						new URL(
							`http://x/api/sync/pull?cursor=${cursor}${haveContacts ? `&haveContacts=${haveContacts}` : ''}`
						)
					)
				).body
			);
		await deps.store.query(
			`INSERT INTO people (uid, name, kind, email, phone) VALUES
			 ('cust-a', 'Ana', 'customer', 'ana@example.test', '+44 20 7946 0018'),
			 ('cust-b', 'Bo', 'customer', 'bo@example.test', NULL)`
		);
		await kiosk.push([wire(intake(), { rev: 1, id: 'R-1' })]);
		const first = await ask(0);
		expect(first.contacts).toEqual([
			{ uid: 'cust-a', email: 'ana@example.test', phone: '+44 20 7946 0018' },
			{ uid: 'cust-b', email: 'bo@example.test', phone: null }
		]);
		expect(first.contactsDigest).toMatch(/^[0-9a-f]{32}$/);
		// Staff are never among them.
		expect(first.contacts?.some((c) => c.uid === 'staff-sam')).toBe(false);
		await kiosk.push([wire(note('Glaze drips'), { rev: 2, id: 'R-1', base: 1 })]);
		const same = await ask(first.cursor, first.contactsDigest);
		expect(same.contacts).toBeUndefined();
		expect(same.contactsDigest).toBe(first.contactsDigest);
		await deps.store.query(`UPDATE people SET phone = '0161 496 0000' WHERE uid = 'cust-b'`);
		const changed = await ask(same.cursor, first.contactsDigest);
		expect(changed.contacts?.find((c) => c.uid === 'cust-b')?.phone).toBe('0161 496 0000');
		expect(changed.contactsDigest).not.toBe(first.contactsDigest);
		const bad = await handlePull(
			deps,
			kiosk.auth,
			new URL('http://x/api/sync/pull?haveContacts=1')
		);
		expect(bad.status).toBe(400);
	});

	it('refuses a malformed digest with a 400', async () => {
		const r = await handlePull(deps, kiosk.auth, new URL('http://x/api/sync/pull?have=xyz'));
		expect(r.status).toBe(400);
	});
});

describe('pull carries the studio time zone', () => {
	afterEach(() => vi.unstubAllEnvs());

	it('sends the configured zone (STUDIO_TIME_ZONE), or the default', async () => {
		const deps = await testServer('pglite');
		try {
			const kiosk = await enrolKiosk(deps);
			expect(PullResponse.parse(await kiosk.pull(0)).timeZone).toBe(DEFAULT_STUDIO_TIME_ZONE);
			vi.stubEnv('STUDIO_TIME_ZONE', 'Pacific/Auckland');
			expect(PullResponse.parse(await kiosk.pull(0)).timeZone).toBe('Pacific/Auckland');
		} finally {
			await deps.store.close();
		}
	});
});
