import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { lockKey, runExclusive } from './cluster-lock';
import type { ServerDeps } from './deps';
import { silentLogger } from './log';
import { MIGRATIONS, migrate } from './migrations';
import { deliverPending } from './notify-delivery';
import type { NotificationTransport } from './notify-transport';
import { createDeps, startChangeFeed } from './server';
import { openPostgres } from './store/postgres';
import { enrolKiosk, intake, status, testServer, wire } from '../../testing/server/testing';

const url = process.env.TEST_DATABASE_URL;

/** A second app server on the same database and schema as `a`. */
async function secondServer(a: ServerDeps): Promise<ServerDeps> {
	const store = await openPostgres({ url: url!, schema: a.store.connection!.schema, max: 4 });
	return createDeps(store, { log: silentLogger });
}

/** Resolves with the cursors a hub stream announces until one reaches `atLeast`. */
async function hintReaching(deps: ServerDeps, atLeast: number, timeoutMs: number) {
	const reader = deps.hub.stream(0).getReader();
	const dec = new TextDecoder();
	const timer = setTimeout(() => void reader.cancel(), timeoutMs);
	let text = '';
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return null;
			text += dec.decode(value);
			const cursors = [...text.matchAll(/"cursor":(\d+)/g)].map((m) => Number(m[1]));
			if (cursors.some((c) => c >= atLeast)) return cursors;
		}
	} finally {
		clearTimeout(timer);
	}
}

describe.runIf(url)('several app servers on one PostgreSQL', () => {
	it('a commit through one server hints the streams of another within a second', async () => {
		const a = await testServer('postgres');
		const b = await secondServer(a);
		const feed = await startChangeFeed(b);
		try {
			expect(feed?.listening).toBe(true);
			const kiosk = await enrolKiosk(a);
			const heard = hintReaching(b, 1, 1000);
			const started = Date.now();
			await kiosk.push([wire(intake(), { rev: 1, id: 'R-1' })]);
			expect(await heard).not.toBeNull();
			expect(Date.now() - started).toBeLessThan(1000);
		} finally {
			await feed?.stop();
			b.hub.closeAll();
			await b.store.close();
			await a.store.close();
		}
	});

	it('a cut LISTEN connection reconnects and catches up on commits made meanwhile', async () => {
		const a = await testServer('postgres');
		const b = await secondServer(a);
		const feed = (await startChangeFeed(b))!;
		try {
			const kiosk = await enrolKiosk(a);
			const pid = feed.pid;
			// Cut the listener and commit before it can reconnect: no notification reaches it.
			const heard = hintReaching(b, 2, 8000);
			await a.store.query('SELECT pg_terminate_backend($1)', [pid]);
			await kiosk.push([
				wire(intake(), { rev: 1, id: 'R-1' }),
				wire(intake(), { rev: 2, id: 'R-2' })
			]);
			expect(await heard).not.toBeNull();
			expect(feed.connects).toBeGreaterThanOrEqual(2);
			expect(feed.pid).not.toBe(pid);
		} finally {
			await feed.stop();
			b.hub.closeAll();
			await b.store.close();
			await a.store.close();
		}
	});

	it('two servers delivering at once send every notification exactly once', async () => {
		const a = await testServer('postgres');
		const b = await secondServer(a);
		try {
			const kiosk = await enrolKiosk(a);
			for (let i = 0; i < 12; i++)
				await kiosk.push([
					wire(intake(), { rev: 2 * i + 1, id: `R-${i}` }),
					wire(status('CONFIRMED'), { rev: 2 * i + 2, id: `R-${i}`, base: 1 })
				]);
			const sends = new Map<string, number>();
			const slow: NotificationTransport = {
				name: 'slow',
				send: async ({ notification }) => {
					sends.set(notification.id, (sends.get(notification.id) ?? 0) + 1);
					await new Promise((r) => setTimeout(r, 5));
					return { ok: true };
				}
			};
			const [ra, rb] = await Promise.all([deliverPending(a, slow), deliverPending(b, slow)]);
			expect(ra.sent + rb.sent).toBe(24);
			// Both really worked: SKIP LOCKED shares the rows instead of serialising them.
			expect(ra.sent).toBeGreaterThan(0);
			expect(rb.sent).toBeGreaterThan(0);
			expect(sends.size).toBe(24);
			expect([...sends.values()].every((n) => n === 1)).toBe(true);
			const left = await a.store.query<{ n: number }>(
				`SELECT count(*)::int AS n FROM notifications WHERE doc->>'status' <> 'sent'`
			);
			expect(Number(left[0].n)).toBe(0);
		} finally {
			await b.store.close();
			await a.store.close();
		}
	});

	it('a server that died holding a lease leaves the notification to another after it expires', async () => {
		const a = await testServer('postgres');
		const b = await secondServer(a);
		try {
			const kiosk = await enrolKiosk(a);
			await kiosk.push([wire(intake(), { rev: 1, id: 'R-1' })]);
			// Server A claimed the row and died before sending: the lease is all that is left.
			let clock = Date.parse('2026-12-01T09:00:00.000Z');
			a.now = b.now = () => new Date(clock).toISOString();
			const never: NotificationTransport = { name: 'dead', send: () => new Promise(() => {}) };
			void deliverPending(a, never);
			await new Promise((r) => setTimeout(r, 200));
			const sent: string[] = [];
			const ok: NotificationTransport = {
				name: 'ok',
				send: async ({ notification }) => (sent.push(notification.id), { ok: true })
			};
			expect((await deliverPending(b, ok)).sent).toBe(0); // still leased
			clock += 121_000;
			expect((await deliverPending(b, ok)).sent).toBe(1);
			expect(sent).toHaveLength(1);
		} finally {
			await b.store.close();
			await a.store.close();
		}
	});

	it('a cluster-wide job runs on one server at a time; the other skips its turn', async () => {
		const a = await testServer('postgres');
		const b = await secondServer(a);
		try {
			let inside = 0;
			let most = 0;
			const job = async () => {
				most = Math.max(most, ++inside);
				await new Promise((r) => setTimeout(r, 100));
				inside--;
				return 'done';
			};
			const runs = await Promise.all([
				runExclusive(a.store, 'job:test', job),
				runExclusive(b.store, 'job:test', job),
				runExclusive(b.store, 'job:test', job)
			]);
			expect(runs.filter((r) => r.ran)).toHaveLength(1);
			expect(most).toBe(1);
			// Released at the end of the run: the next turn runs.
			expect(await runExclusive(b.store, 'job:test', job)).toEqual({ ran: true, value: 'done' });
		} finally {
			await b.store.close();
			await a.store.close();
		}
	});

	it('a server that dies holding a job lock frees it with its connection; another runs the job', async () => {
		const a = await testServer('postgres');
		const b = await secondServer(a);
		try {
			let release!: () => void;
			const held = runExclusive(
				a.store,
				'job:crash',
				() => new Promise<void>((r) => (release = r))
			);
			held.catch(() => {}); // its connection is about to be killed
			await new Promise((r) => setTimeout(r, 200));
			expect((await runExclusive(b.store, 'job:crash', async () => 1)).ran).toBe(false);
			// "Kill" server A: end the backend that holds the advisory lock.
			const killed = await b.store.query<{ ok: boolean }>(
				`SELECT pg_terminate_backend(pid) AS ok FROM pg_locks
				 WHERE locktype = 'advisory' AND classid = 7246 AND objid = $1`,
				[lockKey('job:crash')]
			);
			expect(killed.map((r) => r.ok)).toEqual([true]);
			await new Promise((r) => setTimeout(r, 100));
			expect(await runExclusive(b.store, 'job:crash', async () => 2)).toEqual({
				ran: true,
				value: 2
			});
			release();
		} finally {
			await b.store.close();
			await a.store.close();
		}
	});

	it('three servers migrating one empty database at once apply each migration once', async () => {
		const schema = `t_${randomBytes(6).toString('hex')}`;
		const stores = await Promise.all(
			[0, 1, 2].map(() => openPostgres({ url: url!, schema, max: 2 }))
		);
		try {
			const applied = await Promise.all(stores.map((s) => migrate(s)));
			const all = applied.flat().sort((x, y) => x - y);
			expect(all).toEqual(MIGRATIONS.map((m) => m.id).sort((x, y) => x - y));
			expect(applied.filter((a) => a.length > 0)).toHaveLength(1);
			const rows = await stores[0].query<{ n: number }>(
				'SELECT count(*)::int AS n FROM migrations'
			);
			expect(Number(rows[0].n)).toBe(MIGRATIONS.length);
		} finally {
			await stores[0].query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
			await Promise.all(stores.map((s) => s.close()));
		}
	});
});
