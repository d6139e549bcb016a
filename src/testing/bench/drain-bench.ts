/**
 * Server apply/pull throughput, outside Vitest (it prints figures; it asserts only that every
 * action got an answer). Run: `npx tsx src/testing/bench/drain-bench.ts [pglite|postgres|both]`.
 * PostgreSQL uses TEST_DATABASE_URL or a throwaway cluster from the local binaries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startThrowawayPostgres } from '../../../vitest.setup-pg';
import type { ActionResult, WireAction } from '../../lib/sync/contract';
import type { ServerDeps } from '../../lib/server/deps';
import { silentLogger } from '../../lib/server/log';
import { migrate } from '../../lib/server/migrations';
import { seedReference } from '../../lib/server/seed';
import { createDeps } from '../../lib/server/server';
import { openPglite } from '../../lib/server/store/pglite';
import { openPostgres } from '../../lib/server/store/postgres';
import type { Store, StoreKind } from '../../lib/server/store/types';
import { enrolKiosk, intake, note, status, wire, type Kiosk } from '../server/testing';

const BATCH = 200;

async function drain(kiosk: Kiosk, actions: WireAction[]) {
	const tally: Record<string, number> = {};
	const t0 = performance.now();
	for (let i = 0; i < actions.length; i += BATCH) {
		const res = await kiosk.push(actions.slice(i, i + BATCH));
		if (res.status !== 200) throw new Error(`push ${res.status}: ${JSON.stringify(res.body)}`);
		for (const r of res.body.results as ActionResult[]) {
			const k = r.status === 'applied' ? 'applied' : `${r.status}:${r.code}`;
			tally[k] = (tally[k] ?? 0) + 1;
		}
	}
	const ms = performance.now() - t0;
	const answered = Object.values(tally).reduce((s, n) => s + n, 0);
	if (answered !== actions.length) throw new Error(`answered ${answered} of ${actions.length}`);
	return { perSec: Math.round((actions.length / ms) * 1000), ms: Math.round(ms), tally };
}

/** Clones one stored intake into `n` reservations (with change-log and notification rows). */
async function seedBoard(store: Store, templateId: string, n: number): Promise<void> {
	await store.query(
		`INSERT INTO reservations (id, owner_uid, status, assigned_station_id, is_archived, version, doc, updated_at)
		 SELECT 'B-' || g, owner_uid, status, assigned_station_id, is_archived, version,
		        jsonb_set(doc, '{id}', to_jsonb('B-' || g)), updated_at
		 FROM reservations, generate_series(1, $2) g WHERE id = $1`,
		[templateId, n]
	);
	await store.query(
		`INSERT INTO notifications (id, reservation_id, doc)
		 SELECT 'N-B-' || g, 'B-' || g, jsonb_set(jsonb_set(doc, '{id}', to_jsonb('N-B-' || g)), '{reservationId}', to_jsonb('B-' || g))
		 FROM (SELECT doc FROM notifications WHERE reservation_id = $1 LIMIT 1) n, generate_series(1, $2) g`,
		[templateId, n]
	);
	await store.query(
		`INSERT INTO change_log (reservation_id, device_id, version, groups, at)
		 SELECT 'B-' || g, 'dev_seed_bench', 1, '{}', now() FROM generate_series(1, $1) g`,
		[n]
	);
}

async function pullAll(kiosk: Kiosk) {
	const t0 = performance.now();
	let cursor = 0;
	let rows = 0;
	let pages = 0;
	let bytes = 0;
	for (;;) {
		const p = await kiosk.pull(cursor);
		bytes += JSON.stringify(p).length;
		rows += p.reservations.length;
		pages++;
		cursor = p.cursor;
		if (!p.more) break;
	}
	const ms = performance.now() - t0;
	return {
		rows,
		pages,
		mb: +(bytes / 1e6).toFixed(1),
		ms: Math.round(ms),
		rowsPerSec: Math.round((rows / ms) * 1000)
	};
}

async function run(kind: StoreKind, url: string | null): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'kiln-bench-'));
	const store =
		kind === 'pglite'
			? await openPglite({ dataDir: join(dir, 'pg') })
			: await openPostgres({ url: url!, schema: `bench_${Date.now()}`, max: 12 });
	try {
		await migrate(store);
		await seedReference(store);
		const deps: ServerDeps = createDeps(store, { log: silentLogger });
		const kiosk = await enrolKiosk(deps, 'Bench');
		const stations = (await store.query<{ id: string }>('SELECT id FROM stations ORDER BY id')).map(
			(s) => s.id
		);
		let rev = 0;
		const intakes = Array.from({ length: 1000 }, (_, i) =>
			wire(intake(), { rev: ++rev, id: `R-${i}` })
		);
		const a = await drain(kiosk, intakes);
		console.log(`${kind} drain 1000 intakes: ${a.perSec}/s (${a.ms} ms)`, a.tally);
		const mixed = Array.from({ length: 500 }, (_, i) => [
			wire(status('CONFIRMED'), { rev: ++rev, id: `R-${i}`, base: 1 }),
			wire(note(`note ${i}`), { rev: ++rev, id: `R-${i}`, base: 2 })
		]).flat();
		const b = await drain(kiosk, mixed);
		console.log(`${kind} drain 1000 status+note: ${b.perSec}/s (${b.ms} ms)`, b.tally);
		const onStations = Array.from({ length: 400 }, (_, i) =>
			wire(intake('cust-maya', { assignedStationId: stations[i % stations.length] }), {
				rev: ++rev,
				id: `S-${i}`
			})
		);
		const c = await drain(kiosk, onStations);
		console.log(`${kind} drain 400 intakes onto stations: ${c.perSec}/s (${c.ms} ms)`, c.tally);
		const replay = await drain(kiosk, intakes);
		console.log(`${kind} replay 1000: ${replay.perSec}/s (${replay.ms} ms)`);
		await seedBoard(store, 'R-999', 10_000 - 1400);
		const p = await pullAll(kiosk);
		console.log(`${kind} initial pull: ${p.rowsPerSec} rows/s`, p);
	} finally {
		await store.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

const which = process.argv[2] ?? 'both';
if (which !== 'postgres') await run('pglite', null);
if (which !== 'pglite') {
	const own = process.env.TEST_DATABASE_URL ? null : await startThrowawayPostgres();
	try {
		await run('postgres', process.env.TEST_DATABASE_URL ?? own!.url);
	} finally {
		own?.stop();
	}
}
