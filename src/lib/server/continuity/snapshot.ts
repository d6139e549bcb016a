import type { Queryable, Store } from '../store/types';

/**
 * Runs `fn` in one read-only REPEATABLE READ transaction, so every query sees the same snapshot
 * (READ COMMITTED would give each statement its own, and a backup could tear across tables).
 */
export function inSnapshot<T>(store: Store, fn: (q: Queryable) => Promise<T>): Promise<T> {
	return store.transaction(async (tx) => {
		await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
		return fn(tx);
	});
}
