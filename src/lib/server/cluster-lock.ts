import type { Store } from './store/types';

// First half of every two-key advisory lock Kilnboard takes per job; the bigint-keyed locks
// (migrations, change log) live in a separate key space.
const JOB_LOCK_SPACE = 7246;

/** A stable 31-bit key for a job name (FNV-1a), so every server derives the same lock. */
export function lockKey(name: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < name.length; i++) {
		h ^= name.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return (h >>> 1) & 0x7fffffff;
}

export type Exclusive<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs `fn` while this server holds the cluster-wide lock `name`, or skips it when another
 * server holds it (`wait: true` queues instead). The lock belongs to one open transaction on its
 * own pooled connection, so a server that dies mid-run drops it with its connection; `fn` does
 * its work in its own transactions (it must not rely on this one). PGlite is one process with
 * one connection: `fn` just runs.
 */
export async function runExclusive<T>(
	store: Store,
	name: string,
	fn: () => Promise<T>,
	opts: { wait?: boolean } = {}
): Promise<Exclusive<T>> {
	if (store.kind !== 'postgres') return { ran: true, value: await fn() };
	return store.transaction(async (tx) => {
		if (opts.wait) {
			await tx.query('SET LOCAL statement_timeout = 0');
			await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [JOB_LOCK_SPACE, lockKey(name)]);
		} else {
			const got = await tx.query<{ ok: boolean }>(
				'SELECT pg_try_advisory_xact_lock($1, $2) AS ok',
				[JOB_LOCK_SPACE, lockKey(name)]
			);
			if (!got[0]?.ok) return { ran: false };
		}
		return { ran: true, value: await fn() };
	});
}
