import type { Queryable, Store } from '../../lib/server/store/types';

/** What a query throws once the simulated server process has died. */
export class StoreDied extends Error {
	readonly code = 'nemesis_store_died';
	constructor() {
		super('the server process died (nemesis)');
	}
}

/** One committed claim of (device, queueRevision), in commit order. */
export interface Claim {
	deviceId: string;
	queueRevision: number;
}

/**
 * Wraps the real store with a kill switch and a claim-order log. Armed with `dieAfter(n)`, the
 * n-th statement from now throws and every later one too, as if the process died there: the open
 * transaction rolls back, nothing after it runs. A claim whose transaction rolls back is unlogged.
 */
export class FaultyStore implements Store {
	readonly kind: Store['kind'];
	dead = false;
	private countdown: number | null = null;

	constructor(
		private inner: Store,
		private claims: Claim[],
		private onDeath: () => void
	) {
		this.kind = inner.kind;
	}

	/** The real store, for the harness's own reads (they must not trip the kill switch). */
	get raw(): Store {
		return this.inner;
	}

	dieAfter(statements: number): void {
		this.countdown = Math.max(1, statements);
	}

	private tick(): void {
		if (this.dead) throw new StoreDied();
		if (this.countdown === null) return;
		if (--this.countdown > 0) return;
		this.dead = true;
		this.countdown = null;
		this.onDeath();
		throw new StoreDied();
	}

	async query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
		this.tick();
		return this.inner.query<T>(sql, params);
	}

	async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
		this.tick();
		const claimed: Claim[] = [];
		try {
			return await this.inner.transaction(async (tx) => {
				const q: Queryable = {
					query: async <R>(sql: string, params?: unknown[]) => {
						this.tick();
						const rows = await tx.query<R>(sql, params);
						if (rows.length && /^\s*INSERT INTO applied_actions/.test(sql))
							claimed.push(...this.logClaims(rows, params));
						return rows;
					}
				};
				const result = await fn(q);
				this.tick(); // dying right before COMMIT rolls the whole action back
				return result;
			});
		} catch (err) {
			for (const c of claimed) this.claims.splice(this.claims.indexOf(c), 1);
			throw err;
		}
	}

	/**
	 * Logged when the claim rows are taken (one or a whole batch, applied in revision order): a later
	 * claim of the same device that depends on these waits on their locks, so claim order is commit
	 * order.
	 */
	private logClaims(rows: unknown[], params: unknown[] | undefined): Claim[] {
		const deviceId = String(params?.[0]);
		const made = rows
			.map((r) => Number((r as { queue_revision?: unknown }).queue_revision))
			.filter((rev) => Number.isInteger(rev))
			.sort((a, b) => a - b)
			.map((queueRevision) => ({ deviceId, queueRevision }));
		if (made.length !== rows.length) throw new Error('nemesis: a claim returned no queue_revision');
		this.claims.push(...made);
		return made;
	}

	close(): Promise<void> {
		return this.inner.close();
	}
}
