import type { Queryable, Store } from '../server/store/types';

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
		let claimed: Claim | null = null;
		try {
			return await this.inner.transaction(async (tx) => {
				const q: Queryable = {
					query: async <R>(sql: string, params?: unknown[]) => {
						this.tick();
						const rows = await tx.query<R>(sql, params);
						// Logged when the claim row is taken: a later claim of the same device that
						// depends on this one waits on its lock, so claim order is commit order.
						if (rows.length && /^\s*INSERT INTO applied_actions/.test(sql) && params) {
							claimed = { deviceId: String(params[0]), queueRevision: Number(params[1]) };
							this.claims.push(claimed);
						}
						return rows;
					}
				};
				const result = await fn(q);
				this.tick(); // dying right before COMMIT rolls the whole action back
				return result;
			});
		} catch (err) {
			if (claimed) this.claims.splice(this.claims.indexOf(claimed), 1);
			throw err;
		}
	}

	close(): Promise<void> {
		return this.inner.close();
	}
}
