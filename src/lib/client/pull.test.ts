import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEMO_STATIONS } from '../domain/stations';
import type { ServerDeps } from '../server/deps';
import { handlePull } from '../server/pull';
import {
	enrolKiosk,
	intake,
	note,
	testServer,
	wire,
	type Kiosk
} from '../../testing/server/testing';
import { KilnDb, readMeta, setMeta } from './db';
import { realTimers } from './http';
import { pull } from './pull';
import { ManualTimers, T0, enrolledDb } from '../../testing/client/test-support';

let n = 0;

/** One empty last page, as the server sends it, with the given zone field. */
function server(timeZone: unknown) {
	return async () =>
		new Response(
			JSON.stringify({
				cursor: 0,
				more: false,
				serverTime: T0,
				reservations: [],
				stations: [],
				notifications: [],
				fairnessAudit: [],
				storageAudit: [],
				roster: [],
				...(timeZone === undefined ? {} : { timeZone })
			}),
			{ status: 200, headers: { 'content-type': 'application/json' } }
		);
}

describe('pull carries the studio time zone', () => {
	const deps = async (timeZone: unknown) => ({
		db: await enrolledDb(),
		fetch: server(timeZone),
		timers: new ManualTimers(),
		now: () => Date.parse(T0)
	});

	it('stores the zone from the pull in the kiosk meta', async () => {
		const d = await deps('Pacific/Auckland');
		expect(await pull(d, 'tok')).toMatchObject({ ok: true });
		expect((await readMeta(d.db)).timeZone).toBe('Pacific/Auckland');
	});

	it('keeps the previous zone when a page has none (older server) or an unknown name', async () => {
		const d = await deps(undefined);
		await d.db.meta.put({ key: 'timeZone', value: 'America/Los_Angeles' });
		await pull(d, 'tok');
		expect((await readMeta(d.db)).timeZone).toBe('America/Los_Angeles');
		const bad = { ...d, fetch: server('Mars/Olympus_Mons') };
		expect(await pull(bad, 'tok')).toMatchObject({ ok: true });
		expect((await readMeta(d.db)).timeZone).toBe('America/Los_Angeles');
	});
});

describe('pull: roster', () => {
	it('a whole roster replaces the cached one, so a deactivated person stops unlocking; the unsent count is reported', async () => {
		const db = await enrolledDb(); // caches staff-1 and sup-1
		await db.outbox.add({ queueRevision: 1, state: 'pending' } as never);
		const urls: string[] = [];
		const fetch = async (url: string) => {
			urls.push(url);
			return Response.json({
				cursor: 5,
				more: false,
				serverTime: T0,
				reservations: [],
				stations: DEMO_STATIONS,
				notifications: [],
				fairnessAudit: [],
				storageAudit: [],
				roster: [
					{
						uid: 'staff-1',
						name: 'Sam',
						role: 'staff',
						active: true,
						pinSalt: 's',
						pinHash: 'h',
						pinKdf: 'scrypt:16:8:1'
					}
				]
			});
		};
		const out = await pull({ db, fetch, timers: realTimers, now: () => Date.parse(T0) }, 'tok');
		expect(out).toMatchObject({ ok: true });
		expect((await db.roster.toArray()).map((r) => r.uid)).toEqual(['staff-1']);
		expect(urls[0]).toContain('unsent=1');
	});
});

describe('pull against the real handler: digest and an empty database', () => {
	let deps: ServerDeps;
	let kiosk: Kiosk;
	const urls: string[] = [];
	beforeEach(async () => {
		deps = await testServer('pglite');
		kiosk = await enrolKiosk(deps);
		urls.length = 0;
		await kiosk.push(
			Array.from({ length: 5 }, (_, i) => wire(intake(), { rev: i + 1, id: `R-${i + 1}` }))
		);
	});
	afterEach(() => deps.store.close());

	/** Pages of 2 rows; `between` runs once, after the first page was answered. */
	const pullDeps = async (between?: () => Promise<unknown>) => {
		const db = new KilnDb(`kb-pull-${Date.now()}-${++n}`);
		await db.open();
		await setMeta(db, { deviceId: kiosk.deviceId, token: 'tok', label: 'k' });
		let hook = between;
		const fetch = async (url: string) => {
			urls.push(url);
			const r = await handlePull(deps, kiosk.auth, new URL(`${url}&limit=2`, 'http://kiosk.test'));
			const once = hook;
			hook = undefined;
			await once?.();
			return new Response(JSON.stringify(r.body), { status: r.status });
		};
		return { db, fetch, timers: realTimers, now: () => Date.now() };
	};

	it('fills an empty database without reading it, newest copy winning across pages', async () => {
		const d = await pullDeps(() =>
			kiosk.push([wire(note('Lid sticks'), { rev: 6, id: 'R-1', base: 1 })])
		);
		const reads = vi.spyOn(d.db.reservations, 'bulkGet');
		expect(await pull(d, 'tok')).toMatchObject({ ok: true });
		expect(reads).not.toHaveBeenCalled();
		expect(await d.db.reservations.count()).toBe(5);
		const r1 = await d.db.reservations.get('R-1');
		expect(r1?.version).toBe(2);
		expect(r1?.staffNotes.map((n) => n.text)).toEqual(['Lid sticks']);
		// The active staff who unlock kiosks (the inactive demo person is not sent).
		expect(await d.db.roster.count()).toBe(3);
		expect(await d.db.stations.count()).toBe(4);
	});

	it('a later pull names its digest and is not sent the unchanged tables; it compares versions', async () => {
		const d = await pullDeps();
		await pull(d, 'tok');
		const digest = (await readMeta(d.db)).tablesDigest;
		expect(digest).toMatch(/^[0-9a-f]{32}$/);
		await kiosk.push([wire(note('Handle cracked'), { rev: 6, id: 'R-2', base: 1 })]);
		const puts = vi.spyOn(d.db.roster, 'bulkPut');
		const reads = vi.spyOn(d.db.reservations, 'bulkGet');
		urls.length = 0;
		expect(await pull(d, 'tok')).toMatchObject({ ok: true });
		expect(urls.every((u) => u.includes(`have=${digest}`))).toBe(true);
		expect(puts).not.toHaveBeenCalled();
		expect(reads).toHaveBeenCalled();
		expect((await d.db.reservations.get('R-2'))?.staffNotes.map((n) => n.text)).toEqual([
			'Handle cracked'
		]);
	});

	it('stores customer contacts, asks with their digest, and replaces them when they change', async () => {
		await deps.store.query(
			`INSERT INTO people (uid, name, kind, email, phone) VALUES
			 ('cust-a', 'Ana', 'customer', 'ana@example.test', '020 7946 0018')`
		);
		const d = await pullDeps();
		await pull(d, 'tok');
		expect(await d.db.contacts.toArray()).toEqual([
			{ uid: 'cust-a', email: 'ana@example.test', phone: '020 7946 0018' }
		]);
		const digest = (await readMeta(d.db)).contactsDigest;
		expect(digest).toMatch(/^[0-9a-f]{32}$/);
		await kiosk.push([wire(note('Handle cracked'), { rev: 6, id: 'R-2', base: 1 })]);
		const puts = vi.spyOn(d.db.contacts, 'bulkPut');
		urls.length = 0;
		await pull(d, 'tok');
		expect(urls.every((u) => u.includes(`haveContacts=${digest}`))).toBe(true);
		expect(puts).not.toHaveBeenCalled();
		// The customer's phone changed and another person was removed: the stored copy follows.
		await deps.store.query(`UPDATE people SET phone = NULL, email = NULL WHERE uid = 'cust-a'`);
		await deps.store.query(
			`INSERT INTO people (uid, name, kind, email) VALUES ('cust-b', 'Bo', 'customer', 'bo@example.test')`
		);
		await kiosk.push([wire(note('Rim chipped'), { rev: 7, id: 'R-2', base: 2 })]);
		await pull(d, 'tok');
		expect((await d.db.contacts.toArray()).map((c) => c.uid)).toEqual(['cust-b']);
	});

	it('a refused page 2 (fetched while page 1 is stored) leaves page 1 whole and the cursor on it', async () => {
		const d = await pullDeps();
		const real = d.fetch;
		let calls = 0;
		d.fetch = async (url: string) => {
			calls++;
			if (calls === 1) return real(url);
			return new Response('{"error":{"code":"unavailable","message":"x"}}', { status: 503 });
		};
		const out = await pull(d, 'tok');
		expect(out).toMatchObject({ ok: false, verdict: { kind: 'retry' } });
		expect(calls).toBe(2);
		const stored = await d.db.reservations.count();
		expect(stored).toBeGreaterThan(0);
		expect(stored).toBeLessThan(5);
		// The cursor names the last whole page: the next pull resumes there, not at 0.
		const cursor = Number((await d.db.meta.get('cursor'))?.value);
		expect(cursor).toBeGreaterThan(0);
		urls.length = 0;
		d.fetch = real;
		expect(await pull(d, 'tok')).toMatchObject({ ok: true });
		expect(urls[0]).toContain(`cursor=${cursor}&`);
		expect(await d.db.reservations.count()).toBe(5);
	});

	it('asks for the tables again when its roster is gone, whatever digest it kept', async () => {
		const d = await pullDeps();
		await pull(d, 'tok');
		await d.db.roster.clear();
		await d.db.meta.put({ key: 'cursor', value: 0 });
		urls.length = 0;
		await pull(d, 'tok');
		expect(urls[0]).not.toContain('have=');
		expect(await d.db.roster.count()).toBe(3);
	});
});
