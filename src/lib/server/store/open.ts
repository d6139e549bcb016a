import { resolve } from 'node:path';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Store } from './types';

const positive = (v: string | undefined): number | undefined => {
	const n = Number(v);
	return v && Number.isInteger(n) && n > 0 ? n : undefined;
};

/**
 * `DATABASE_URL` set → PostgreSQL (pool size `PG_POOL_MAX`, statement timeout
 * `PG_STATEMENT_TIMEOUT_MS`); otherwise PGlite in `DATA_DIR` (default ./data).
 */
export function openStoreFromEnv(env: Record<string, string | undefined>): Promise<Store> {
	if (env.DATABASE_URL)
		return openPostgres({
			url: env.DATABASE_URL,
			// A cluster job holds one connection for its lock while it works on another.
			max: Math.max(2, positive(env.PG_POOL_MAX) ?? 10),
			statementTimeoutMs: positive(env.PG_STATEMENT_TIMEOUT_MS)
		});
	return openPglite({ dataDir: resolve(env.DATA_DIR || './data') });
}
