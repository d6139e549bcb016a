/**
 * In-process profile of the push path (no HTTP): `kiosks` devices push `batches` batches of
 * `batch` intakes at once through `handlePush`, on PGlite in a data folder (durable, as the
 * built server runs) or in memory, or on PostgreSQL (TEST_DATABASE_URL). Prints latency
 * percentiles and the time spent per statement kind. Usage:
 *   npx tsx scripts/profile-push.ts [pglite-dir|pglite-mem|postgres] [kiosks] [batches]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerDevice } from '../src/lib/server/devices';
import { silentLogger } from '../src/lib/server/log';
import { migrate } from '../src/lib/server/migrations';
import { handlePush } from '../src/lib/server/push';
import { seedReference } from '../src/lib/server/seed';
import { createDeps } from '../src/lib/server/server';
import { openPglite } from '../src/lib/server/store/pglite';
import { openPostgres } from '../src/lib/server/store/postgres';
import type { Queryable, Store } from '../src/lib/server/store/types';
import { deviceAuthHeader } from '../src/lib/sync/contract';
import { startThrowawayPostgres } from '../vitest.setup-pg';
import { intakeAction, toWire } from './bench/actions';
import { percentile } from './bench/stats';

const [mode = 'pglite-dir', kioskArg = '20', batchArg = '10'] = process.argv.slice(2);
const kiosks = Number(kioskArg);
const batches = Number(batchArg);
const batch = 10;

const kinds = new Map<string, { n: number; ms: number }>();
const kindOf = (sql: string) => sql.trim().replace(/\s+/g, ' ').slice(0, 48);
function timed(real: Store): Store {
	const wrap = (q: Queryable): Queryable => ({
		query: async (sql, params) => {
			const t = performance.now();
			try {
				return await q.query(sql, params);
			} finally {
				const k = kinds.get(kindOf(sql)) ?? { n: 0, ms: 0 };
				k.n++;
				k.ms += performance.now() - t;
				kinds.set(kindOf(sql), k);
			}
		}
	});
	return {
		...real,
		query: wrap(real).query,
		transaction: async (fn) => {
			const t = performance.now();
			try {
				return await real.transaction((tx) => fn(wrap(tx)));
			} finally {
				const k = kinds.get('(transaction total)') ?? { n: 0, ms: 0 };
				k.n++;
				k.ms += performance.now() - t;
				kinds.set('(transaction total)', k);
			}
		}
	};
}

async function open(): Promise<{ store: Store; done: () => Promise<void> }> {
	if (mode === 'postgres') {
		const pg = process.env.TEST_DATABASE_URL ? null : await startThrowawayPostgres();
		const url = process.env.TEST_DATABASE_URL ?? pg?.url ?? '';
		return {
			store: await openPostgres({
				url,
				schema: `prof_${Date.now()}`,
				max: Number(process.env.PG_POOL_MAX) || 10
			}),
			done: async () => pg?.stop()
		};
	}
	if (mode === 'pglite-mem') return { store: await openPglite(), done: async () => {} };
	const dir = mkdtempSync(join(tmpdir(), 'kb-prof-'));
	return {
		store: await openPglite({ dataDir: join(dir, 'db') }),
		done: async () => rmSync(dir, { recursive: true, force: true })
	};
}

const { store: raw, done } = await open();
await migrate(raw);
await seedReference(raw);
const store = timed(raw);
const deps = createDeps(store, { log: silentLogger });
async function run(n: number, batches: number, tag: string): Promise<number> {
	const devices = [];
	for (let i = 0; i < n; i++)
		devices.push(await registerDevice(raw, `${tag}${i}`, null, deps.now()));
	kinds.clear();
	const latencies: number[] = [];
	const t0 = performance.now();
	await Promise.all(
		devices.map(async (d, ki) => {
			let rev = 0;
			for (let r = 0; r < batches; r++) {
				const actions = Array.from({ length: batch }, (_, b) =>
					toWire(intakeAction(r * batch + b), ++rev, `KB-${tag}-${ki}-${r}-${b}`)
				);
				const s = performance.now();
				const res = await handlePush(
					deps,
					deviceAuthHeader(d.token),
					JSON.stringify({ deviceId: d.deviceId, actions })
				);
				latencies.push(performance.now() - s);
				if (res.status !== 200) throw new Error(`push ${res.status} ${JSON.stringify(res.body)}`);
			}
		})
	);
	const ms = performance.now() - t0;
	const rate = ((n * batches * batch) / ms) * 1000;
	console.log(
		`${mode}: ${n} kiosks × ${batches} batches × ${batch}: ${rate.toFixed(0)} actions/s, ` +
			`p50 ${percentile(latencies, 50).toFixed(0)} / p99 ${percentile(latencies, 99).toFixed(0)} ms, total ${ms.toFixed(0)} ms`
	);
	return rate;
}

// The bench's baseline first (one kiosk, twice the batches), then the kiosks at once.
const alone = await run(1, batches * 2, 'ONE');
const together = await run(kiosks, batches, 'MANY');
console.log(`concurrency gain ${(together / alone).toFixed(2)}× one kiosk alone`);
const rows = [...kinds.entries()].sort((a, b) => b[1].ms - a[1].ms);
// The device read waits for PGlite's one connection, so it is not work; the rest is.
const work = rows.filter(([k]) => !k.startsWith('(') && !k.startsWith('SELECT token_hash'));
const stmts = work.reduce((n, [, v]) => n + v.n, 0);
const stmtMs = work.reduce((n, [, v]) => n + v.ms, 0);
console.log(
	`statements per batch ${(stmts / (kiosks * batches)).toFixed(1)}, statement time per batch ${(stmtMs / (kiosks * batches)).toFixed(1)} ms`
);
for (const [k, v] of rows)
	console.log(
		`${v.ms.toFixed(0).padStart(7)} ms ${String(v.n).padStart(6)}×  ${(v.ms / v.n).toFixed(2).padStart(6)}  ${k}`
	);
await raw.close();
await done();
