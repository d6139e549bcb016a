/**
 * Anything that can run SQL: the store itself or an open transaction. One statement, or, called
 * without parameters, several separated by `;` (one round trip; the last one's rows come back).
 */
export interface Queryable {
	query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export type StoreKind = 'pglite' | 'postgres';

/** The one storage interface; PGlite and node-postgres implement it with the same SQL. */
export interface Store extends Queryable {
	readonly kind: StoreKind;
	/** PostgreSQL only: where a dedicated connection (the change listener) connects. */
	readonly connection?: { url: string; schema: string };
	/** Runs `fn` in one transaction (READ COMMITTED); commits on return, rolls back on throw. */
	transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
	close(): Promise<void>;
}
