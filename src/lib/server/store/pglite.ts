import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
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

/** Embedded PostgreSQL (WASM). One connection, so its transactions run one at a time. */
export async function openPglite(opts: PgliteOptions = {}): Promise<Store> {
	// PGlite does not create parent folders itself.
	if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
	const db = opts.db ?? (await PGlite.create(opts.dataDir));
	const owned = opts.owned ?? !opts.db;
	if (opts.schema) {
		await db.exec(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}; SET search_path TO ${opts.schema}`);
	}
	const run = async <T>(q: Pick<PGlite, 'query'>, sql: string, params?: unknown[]) =>
		(await q.query<T>(sql, params as unknown[])).rows;
	return {
		kind: 'pglite',
		query: (sql, params) => run(db, sql, params),
		transaction: (fn) =>
			db.transaction((tx) => {
				const q: Queryable = { query: (sql, params) => run(tx, sql, params) };
				return fn(q);
			}),
		close: async () => {
			if (owned) await db.close();
		}
	};
}
