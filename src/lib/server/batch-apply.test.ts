import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerDeps } from './deps';
import type { Queryable, Store } from './store/types';
import {
	STORE_KINDS,
	count,
	enrolKiosk,
	footprint,
	intake,
	note,
	status,
	testServer,
	wire,
	type Kiosk
} from '../../testing/server/testing';

/** A store that counts statements and can fail chosen ones, inside transactions too. */
function instrumented(real: Store, fail: (sql: string, params?: unknown[]) => Error | null) {
	const seen = { statements: 0, transactions: 0 };
	const wrap = (q: Queryable): Queryable => ({
		query: (sql: string, params?: unknown[]) => {
			seen.statements++;
			const err = fail(sql, params);
			return err ? Promise.reject(err) : q.query(sql, params);
		}
	});
	const store: Store = {
		...real,
		query: wrap(real).query,
		transaction: (fn) => {
			seen.transactions++;
			return real.transaction((tx) => fn(wrap(tx)));
		}
	};
	return { store, seen };
}

describe.each(STORE_KINDS)('batch apply on %s', (kind) => {
	let deps: ServerDeps;
	let real: Store;
	let kiosk: Kiosk;
	beforeEach(async () => {
		deps = await testServer(kind);
		real = deps.store;
		kiosk = await enrolKiosk(deps);
	});
	afterEach(() => real.close());

	it('a whole batch is one transaction with fewer statements than one by one', async () => {
		const { store, seen } = instrumented(real, () => null);
		kiosk = await enrolKiosk({ ...deps, store });
		const before = { ...seen };
		const n = 20;
		const res = await kiosk.push(
			Array.from({ length: n }, (_, i) => wire(intake(), { rev: i + 1, id: `R-${i + 1}` }))
		);
		expect(res.status).toBe(200);
		expect(res.body.results.every((r) => r.status === 'applied')).toBe(true);
		// Authentication and the acknowledged floor may add their own; the actions take one.
		expect(seen.transactions - before.transactions).toBeLessThanOrEqual(2);
		// One by one an intake costs ≈ 12 statements. In a batch: its savepoint and its card insert,
		// plus ≈ 12 for the whole batch (claims, reads, set-wise writes, the change log).
		expect(seen.statements - before.statements).toBeLessThanOrEqual(n * 2 + 14);
		expect(await count(real, 'change_log')).toBeGreaterThanOrEqual(n);
		expect(await count(real, 'stage_history')).toBeGreaterThanOrEqual(n);
	});

	it('a poison action rolls back alone: the card keeps its earlier in-batch write, later ones are held', async () => {
		const { store } = instrumented(real, (sql, params) =>
			/^\s*UPDATE reservations/.test(sql) &&
			params?.some((p) => typeof p === 'string' && p.includes('POISON'))
				? Object.assign(new Error('value out of range'), { code: '22003' })
				: null
		);
		deps = { ...deps, store };
		kiosk = await enrolKiosk(deps);
		const res = await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(note('POISON'), { rev: 2, id: 'R-1', base: 1 }),
			wire(note('After it'), { rev: 3, id: 'R-1', base: 1 }),
			wire(intake('cust-ben'), { rev: 4, id: 'R-2' })
		]);
		expect(res.status).toBe(200);
		expect(res.body.results.map((r) => r.status)).toEqual([
			'applied',
			'rejected',
			'held',
			'applied'
		]);
		expect(res.body.results[1]).toMatchObject({ code: 'invalid' });
		const card = await real.query<{ version: number; doc: { staffNotes: unknown } }>(
			"SELECT version, doc FROM reservations WHERE id = 'R-1'"
		);
		expect(Number(card[0].version)).toBe(1);
		expect(JSON.stringify(card[0].doc)).not.toContain('POISON');
		// The rolled-back action left no change-log row: R-1 logged once (its intake).
		expect(await count(real, "change_log WHERE reservation_id = 'R-1'")).toBe(1);
		expect(await count(real, "audit_log WHERE code = 'invalid'")).toBe(1);
		// Every answer is stored: a resend replays them, nothing applies twice.
		const again = await kiosk.push([
			wire(note('POISON'), { rev: 2, id: 'R-1', base: 1 }),
			wire(note('After it'), { rev: 3, id: 'R-1', base: 1 })
		]);
		expect(again.body.results.map((r) => [r.replay, r.status])).toEqual([
			[true, 'rejected'],
			[true, 'held']
		]);
	});

	it('a batch reads its own writes and leaves the rows one push per action leaves', async () => {
		const steps = [intake(), status('CONFIRMED'), note('Glaze test tiles')];
		const one = await enrolKiosk(deps, 'One by one');
		for (const [k, a] of steps.entries()) {
			const r = await one.push([wire(a, { rev: k + 1, id: 'S-1', base: k })]);
			expect(r.body.results[0].status).toBe('applied');
		}
		const single = await footprint(real);
		const links = await count(real, 'status_links');
		const res = await kiosk.push(steps.map((a, k) => wire(a, { rev: k + 1, id: 'B-1', base: k })));
		expect(res.body.results.map((r) => [r.status, r.reservation?.version])).toEqual([
			['applied', 1],
			['applied', 2],
			['applied', 3]
		]);
		const both = await footprint(real);
		for (const [table, n] of Object.entries(single)) expect(both[table], table).toBe(2 * n);
		expect(await count(real, 'status_links')).toBe(2 * links);
		const docs = await real.query<{ id: string; doc: { status: string; version: number } }>(
			"SELECT id, doc FROM reservations WHERE id IN ('S-1', 'B-1') ORDER BY id"
		);
		expect(docs.map((d) => [d.id, d.doc.status, d.doc.version])).toEqual([
			['B-1', 'CONFIRMED', 3],
			['S-1', 'CONFIRMED', 3]
		]);
		// A resend mixed with a new revision: only the new one is claimed and applied.
		const again = await kiosk.push([
			wire(note('Glaze test tiles'), { rev: 3, id: 'B-1', base: 2 }),
			wire(note('Second coat'), { rev: 4, id: 'B-1', base: 3 })
		]);
		expect(again.body.results.map((r) => [r.status, r.replay, r.reservation?.version])).toEqual([
			['applied', true, 3],
			['applied', false, 4]
		]);
	});

	it('a store outage mid-batch commits nothing; the resend applies the whole batch once', async () => {
		const batch = [1, 2, 3].map((r) => wire(intake(), { rev: r, id: `R-${r}` }));
		// The first intake goes in; the outage hits the second one, inside the same transaction.
		let inserts = 0;
		const counting = instrumented(real, (sql) => {
			if (/^\s*INSERT INTO reservations/.test(sql) && ++inserts === 2)
				return Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
			return null;
		});
		deps = { ...deps, store: counting.store };
		kiosk = await enrolKiosk(deps);
		const failed = await kiosk.push(batch);
		expect(failed.status).toBe(503);
		expect(await count(real, 'reservations')).toBe(0);
		expect(await count(real, 'applied_actions')).toBe(0);
		expect(await count(real, 'change_log')).toBe(0);
		const ok = await kiosk.push(batch);
		expect(ok.status).toBe(200);
		expect(ok.body.results.map((r) => [r.status, r.replay])).toEqual([
			['applied', false],
			['applied', false],
			['applied', false]
		]);
		expect(await count(real, 'reservations')).toBe(3);
	});
});
