import { fsyncSync, mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import { lockDataDir } from './data-lock';
import type { Queryable, Store } from './types';

export interface PgliteOptions {
	/** Folder for the data files; omitted = in memory. */
	dataDir?: string;
	/** Reuse an open instance (tests share one and isolate by schema). */
	db?: PGlite;
	/** Schema to work in; created when missing. */
	schema?: string;
	/** Close the instance on `close()` (false when it was lent to us). */
	owned?: boolean;
}

/**
 * PGlite's Emscripten file system has no `fsync` for host files and its `fdatasync` is a no-op,
 * and PGlite starts PostgreSQL with `-F` (fsync off). A commit would then only reach the page
 * cache. This file system gives host files a real `fsync`, so PostgreSQL's own WAL flush at
 * commit (and its checkpoint syncs) reach the disk before the commit returns.
 */
class DurableNodeFS extends NodeFS {
	override async init(...args: Parameters<NodeFS['init']>) {
		const out = await super.init(...args);
		type Emscripten = { NODEFS: { stream_ops: Record<string, unknown> } };
		const preRun = (out.emscriptenOpts.preRun ?? []) as Array<(m: Emscripten) => void>;
		preRun.push((m) => {
			m.NODEFS.stream_ops.fsync = (stream: { nfd: number }) => {
				fsyncSync(stream.nfd);
				return 0;
			};
		});
		out.emscriptenOpts.preRun = preRun;
		return out;
	}
}

/** PostgreSQL flags: PGlite's defaults without `-F`, WAL synced with fsync (see above). */
export const DURABLE_START_PARAMS = [
	...PGlite.defaultStartParams.filter((p) => p !== '-F'),
	'-c',
	'fsync=on',
	'-c',
	'wal_sync_method=fsync',
	'-c',
	'synchronous_commit=on'
];

/** Opens a folder durably, after taking its exclusive lock (one process per data folder). */
async function openFolder(dataDir: string): Promise<{ db: PGlite; release: () => void }> {
	// PGlite does not create parent folders itself.
	mkdirSync(dataDir, { recursive: true });
	const release = lockDataDir(dataDir);
	try {
		const db = await PGlite.create({
			fs: new DurableNodeFS(dataDir),
			startParams: DURABLE_START_PARAMS
		});
		return { db, release };
	} catch (err) {
		release();
		throw err;
	}
}

/** Embedded PostgreSQL (WASM). One connection, so its transactions run one at a time. */
export async function openPglite(opts: PgliteOptions = {}): Promise<Store> {
	let release = () => {};
	let db: PGlite;
	if (opts.db) db = opts.db;
	else if (opts.dataDir) ({ db, release } = await openFolder(opts.dataDir));
	else db = await PGlite.create();
	const owned = opts.owned ?? !opts.db;
	if (opts.schema) {
		await db.exec(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}; SET search_path TO ${opts.schema}`);
	}
	// Without parameters several statements go in one call (the simple protocol, as node-postgres
	// sends them); `query` alone would refuse them.
	const run = async <T>(q: Pick<PGlite, 'query' | 'exec'>, sql: string, params?: unknown[]) =>
		params === undefined && sql.includes(';')
			? (((await q.exec(sql)).at(-1)?.rows ?? []) as T[])
			: (await q.query<T>(sql, params as unknown[])).rows;
	return {
		kind: 'pglite',
		query: (sql, params) => run(db, sql, params),
		transaction: (fn) =>
			db.transaction((tx) => {
				const q: Queryable = { query: (sql, params) => run(tx, sql, params) };
				return fn(q);
			}),
		close: async () => {
			if (!owned) return;
			try {
				await db.close();
			} finally {
				release();
			}
		}
	};
}
