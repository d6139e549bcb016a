import pg from 'pg';
import type { Queryable, Store } from './types';

export interface PostgresOptions {
	url: string;
	/** Every connection of the pool uses this schema (tests isolate by schema). */
	schema?: string;
	/** Pool size per app server (default 10); N servers open up to N × max connections. */
	max?: number;
	/** Longest a single statement may run before PostgreSQL cancels it (0 / unset = no limit). */
	statementTimeoutMs?: number;
}

/** Several statements in one call (no parameters) answer one result each: the last one's rows. */
function rowsOf<T>(r: pg.QueryResult | pg.QueryResult[]): T[] {
	return Array.isArray(r) ? (r.at(-1)?.rows ?? []) : r.rows;
}

/** A real PostgreSQL server through a node-postgres pool. */
export async function openPostgres(opts: PostgresOptions): Promise<Store> {
	const pool = new pg.Pool({
		connectionString: opts.url,
		max: opts.max ?? 10,
		options: opts.schema ? `-c search_path=${opts.schema}` : undefined,
		statement_timeout: opts.statementTimeoutMs || undefined,
		application_name: 'kilnboard'
	});
	// An idle client losing its server must not crash the process.
	pool.on('error', () => {});
	if (opts.schema) await pool.query(`CREATE SCHEMA IF NOT EXISTS ${opts.schema}`);
	return {
		kind: 'postgres',
		connection: { url: opts.url, schema: opts.schema ?? 'public' },
		query: async (sql, params) => rowsOf(await pool.query(sql, params)),
		transaction: async (fn) => {
			const client = await pool.connect();
			// A checked-out client whose server goes away (failover, a terminated backend) emits
			// 'error'; its queries reject anyway, so the process must not crash on the event.
			let broken = false;
			const ignore = () => void (broken = true);
			client.on('error', ignore);
			try {
				await client.query('BEGIN');
				const q: Queryable = {
					query: async (sql, params) => rowsOf(await client.query(sql, params))
				};
				const out = await fn(q);
				await client.query('COMMIT');
				return out;
			} catch (err) {
				await client.query('ROLLBACK').catch(() => {});
				throw err;
			} finally {
				client.off('error', ignore);
				// A broken connection is closed, not handed to the next transaction.
				client.release(broken);
			}
		},
		close: () => pool.end()
	};
}
