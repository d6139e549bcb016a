import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { computeQueueHints } from '../domain/queue';
import type { Reservation } from '../domain/reservation';
import type { WireAction } from '../sync/contract';
import { applyOne } from './apply-one';
import { applyBatch } from './batch-apply';
import type { ServerDeps } from './deps';
import { handlePush } from './push';
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
} from './testing';

const docs = async (store: Store) =>
	(await store.query<{ doc: Reservation }>('SELECT doc FROM reservations ORDER BY id')).map(
		(r) => r.doc
	);

/** A store whose transactions fail on the first statement matching `pattern` while armed. */
function failing(store: Store, pattern: RegExp): { store: Store; arm: (on: boolean) => void } {
	let armed = false;
	const wrap = (q: Queryable): Queryable => ({
		query: (sql, params) =>
			armed && pattern.test(sql)
				? Promise.reject(new Error('injected store failure'))
				: q.query(sql, params)
	});
	return {
		store: { ...store, transaction: (fn) => store.transaction((tx) => fn(wrap(tx))) },
		arm: (on) => (armed = on)
	};
}

describe.each(STORE_KINDS)('batch apply on %s', (kind) => {
	let deps: ServerDeps;
	let kiosk: Kiosk;
	beforeEach(async () => {
		deps = await testServer(kind);
		kiosk = await enrolKiosk(deps);
	});
	afterEach(() => deps.store.close());

	it('a full batch applies every action once; resending it replays and writes nothing', async () => {
		const batch = Array.from({ length: 100 }, (_, i) => [
			wire(intake(), { rev: 2 * i + 1, id: `R-${i}` }),
			wire(status('CONFIRMED', `call ${i}`), { rev: 2 * i + 2, id: `R-${i}`, base: 1 })
		]).flat();
		const first = await kiosk.push(batch);
		expect(first.status).toBe(200);
		expect(first.body.results.every((r) => r.status === 'applied' && !r.replay)).toBe(true);
		const before = await footprint(deps.store);
		expect(before).toMatchObject({ reservations: 100, stage_history: 200, change_log: 200 });
		const again = await kiosk.push(batch);
		expect(again.body.results.every((r) => r.replay)).toBe(true);
		expect(again.body.results.map((r) => ({ ...r, replay: false }))).toEqual(first.body.results);
		expect(await footprint(deps.store)).toEqual(before);
		const stored = await docs(deps.store);
		expect(stored.every((r) => r.status === 'CONFIRMED' && r.version === 2)).toBe(true);
	});

	it('a refused action in the middle writes nothing; the rest of the batch applies', async () => {
		await kiosk.push([wire(intake(), { rev: 1, id: 'R-1' })]);
		const before = await footprint(deps.store);
		const res = await kiosk.push([
			wire(intake(), { rev: 2, id: 'R-2' }),
			wire(note('not on the roster'), { rev: 3, id: 'R-1', base: 1, actor: 'nobody-here' }),
			wire(status('CONFIRMED'), { rev: 4, id: 'R-404', base: 1 }),
			wire(note('Fragile'), { rev: 5, id: 'R-2', base: 1 })
		]);
		expect(res.body.results.map((r) => [r.queueRevision, r.status])).toEqual([
			[2, 'applied'],
			[3, 'rejected'],
			[4, 'rejected'],
			[5, 'applied']
		]);
		const after = await footprint(deps.store);
		expect(after.reservations).toBe(before.reservations + 1);
		expect(after.change_log).toBe(before.change_log + 2);
		expect(await count(deps.store, 'audit_log')).toBe(1);
		const r1 = (await docs(deps.store)).find((r) => r.id === 'R-1');
		expect(r1?.version).toBe(1);
		expect(r1?.staffNotes ?? null).toBeNull();
	});

	it('the same revision twice in one batch applies once, the second answer is its replay', async () => {
		const a = wire(intake(), { rev: 1, id: 'R-1' });
		const res = await kiosk.push([a, a]);
		expect(res.status).toBe(200);
		expect(res.body.results.map((r) => r.replay)).toEqual([false, true]);
		expect({ ...res.body.results[1], replay: false }).toEqual(res.body.results[0]);
		expect(await count(deps.store, 'change_log')).toBe(1);
	});

	it('a store failure mid-batch commits nothing of it; the resend applies each action once', async () => {
		await kiosk.push([wire(intake(), { rev: 1, id: 'R-0' })]);
		const before = await footprint(deps.store);
		const claims = await count(deps.store, 'applied_actions');
		const broken = failing(deps.store, /INSERT INTO stage_history/);
		const faulty: ServerDeps = { ...deps, store: broken.store };
		const batch = [
			wire(note('first'), { rev: 2, id: 'R-0', base: 1 }),
			wire(intake(), { rev: 3, id: 'R-1' }),
			wire(intake(), { rev: 4, id: 'R-2' })
		];
		const body = JSON.stringify({ deviceId: kiosk.deviceId, actions: batch });
		broken.arm(true);
		const failed = await handlePush(faulty, kiosk.auth, body);
		expect(failed.status).toBe(503);
		expect(await footprint(deps.store)).toEqual(before);
		expect(await count(deps.store, 'applied_actions')).toBe(claims);
		broken.arm(false);
		const ok = await handlePush(faulty, kiosk.auth, body);
		expect(ok.status).toBe(200);
		const results = (ok.body as { results: { status: string; replay: boolean }[] }).results;
		expect(results.map((r) => [r.status, r.replay])).toEqual([
			['applied', false],
			['applied', false],
			['applied', false]
		]);
		expect(await footprint(deps.store)).toMatchObject({
			reservations: before.reservations + 2,
			change_log: before.change_log + 3
		});
	});

	it('cards on a station end with settled queue hints, and answers show the stored card', async () => {
		const batch = Array.from({ length: 6 }, (_, i) =>
			wire(intake('cust-maya', { assignedStationId: 'studio-kiln-a', shelfEquivalent: 0.5 }), {
				rev: i + 1,
				id: `K-${i}`
			})
		);
		const res = await kiosk.push(batch);
		const applied = res.body.results.filter((r) => r.status === 'applied');
		expect(applied.length).toBeGreaterThan(1);
		const stored = await docs(deps.store);
		const onKiln = stored.filter((r) => r.assignedStationId === 'studio-kiln-a');
		// Nothing left to change: every hint is what a full ranking of the station gives.
		expect(computeQueueHints(onKiln, deps.now()).size).toBe(0);
		const positions = onKiln.map((r) => r.queuePositionHint).sort();
		expect(new Set(positions).size).toBe(onKiln.length);
		for (const r of applied) {
			const mine = stored.find((s) => s.id === r.reservation?.id);
			if (mine?.version === r.reservation?.version) expect(r.reservation).toEqual(mine);
		}
	});

	it('answers the same as applying each action on its own', async () => {
		// Same server (test PGlite stores share one instance), another device and other ids.
		const solo = await enrolKiosk(deps, 'Solo');
		const script = (a: string, b: string): WireAction[] => [
			wire(intake(), { rev: 1, id: a }),
			wire(intake('cust-maya', { assignedStationId: 'studio-kiln-a' }), { rev: 2, id: b }),
			wire(status('CONFIRMED'), { rev: 3, id: a, base: 1 }),
			wire(status('CANCELLED', 'Withdrew'), { rev: 4, id: b, base: 1 }),
			wire(status('CONFIRMED'), { rev: 5, id: b, base: 2 }),
			wire(note('held behind 5'), { rev: 6, id: b, base: 2 }),
			wire(note('call first'), { rev: 7, id: a, base: 2, actor: 'staff-former' })
		];
		const batch = await applyBatch(deps, kiosk.deviceId, script('A', 'B'));
		const one: string[] = [];
		for (const a of script('A2', 'B2')) {
			const { result } = await applyOne(deps, solo.deviceId, a);
			one.push(result.status === 'applied' ? 'applied' : result.code);
		}
		const got = batch.results.map((r) => (r.status === 'applied' ? 'applied' : r.code));
		expect(got).toEqual([
			'applied',
			'applied',
			'applied',
			'applied',
			'conflict',
			'held',
			'permission'
		]);
		// applyOne has no batch, so it never answers `held`.
		expect(got.filter((_, i) => i !== 5)).toEqual(one.filter((_, i) => i !== 5));
		const byId = new Map((await docs(deps.store)).map((r) => [r.id, r]));
		const shape = (id: string) => {
			const r = byId.get(id);
			return [r?.status, r?.assignedStationId, r?.staffNotes, r?.queuePositionHint, r?.version];
		};
		expect(shape('A')).toEqual(shape('A2'));
		// B's held note applied when B2's was sent on its own: compare up to the notes.
		expect(shape('B').slice(0, 2)).toEqual(shape('B2').slice(0, 2));
	});
});
