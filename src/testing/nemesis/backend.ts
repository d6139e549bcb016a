import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DEMO_STATIONS } from '../../lib/domain/stations';
import { migrate } from '../../lib/server/migrations';
import { seedReference } from '../../lib/server/seed';
import { openPglite } from '../../lib/server/store/pglite';
import { openPostgres } from '../../lib/server/store/postgres';
import type { Store, StoreKind } from '../../lib/server/store/types';

/**
 * A store that can be really closed and reopened on the same data, as a server restart does:
 * PGlite in a temp data folder (closed and reopened from disk), PostgreSQL by a new pool.
 */
export interface Backend {
	kind: StoreKind;
	open(): Promise<Store>;
	/** Empties every table the runs write, keeping the schema, roster and stations. */
	reset(store: Store): Promise<void>;
	dispose(): Promise<void>;
}

const KEEP = new Set(['migrations', 'people', 'stations']);

async function resetTables(store: Store): Promise<void> {
	const tables = await store.query<{ name: string }>(
		`SELECT table_name AS name FROM information_schema.tables
		 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`
	);
	const wipe = tables.map((t) => t.name).filter((n) => !KEEP.has(n));
	if (wipe.length) await store.query(`TRUNCATE ${wipe.join(', ')} RESTART IDENTITY`);
	for (const s of DEMO_STATIONS)
		await store.query('UPDATE stations SET doc = $2::jsonb, version = 1 WHERE id = $1', [
			s.id,
			JSON.stringify(s)
		]);
}

async function prepare(store: Store): Promise<void> {
	await migrate(store);
	await seedReference(store);
}

export async function pgliteBackend(): Promise<Backend> {
	const dir = mkdtempSync(join(tmpdir(), 'kilnboard-nemesis-'));
	let db: PGlite | null = null;
	const open = async () => {
		db = await PGlite.create(dir);
		const live = db;
		const store = await openPglite({ db: live, schema: 'nemesis', owned: false });
		return { ...store, close: () => live.close() };
	};
	const first = await open();
	await prepare(first);
	await first.close();
	return {
		kind: 'pglite',
		open,
		reset: resetTables,
		dispose: async () => {
			if (db && !db.closed) await db.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

export async function postgresBackend(url: string): Promise<Backend> {
	const schema = `nemesis_${randomBytes(5).toString('hex')}`;
	const open = () => openPostgres({ url, schema, max: 12 });
	const first = await open();
	await prepare(first);
	await first.close();
	return {
		kind: 'postgres',
		open,
		reset: resetTables,
		dispose: async () => {
			const s = await open();
			await s.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
			await s.close();
		}
	};
}
