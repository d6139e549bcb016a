import { resolve } from 'node:path';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Store } from './types';

/** `DATABASE_URL` set → PostgreSQL; otherwise PGlite in `DATA_DIR` (default ./data). */
export function openStoreFromEnv(env: Record<string, string | undefined>): Promise<Store> {
	if (env.DATABASE_URL) return openPostgres({ url: env.DATABASE_URL });
	return openPglite({ dataDir: resolve(env.DATA_DIR || './data') });
}
