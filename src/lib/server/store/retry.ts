/** Thrown inside a transaction to roll it back and run it again (a lock guess was wrong). */
export class RetryTransaction extends Error {
	constructor(why: string) {
		super(why);
		this.name = 'RetryTransaction';
	}
}

// serialization_failure, deadlock_detected, unique_violation (a racing insert of the same key).
const RETRYABLE = new Set(['40001', '40P01', '23505']);

/** Errors a fresh attempt of the whole transaction can fix (a batch rethrows them too). */
export function retryable(err: unknown): boolean {
	if (err instanceof RetryTransaction) return true;
	const code = (err as { code?: unknown } | null)?.code;
	return typeof code === 'string' && RETRYABLE.has(code);
}

/** Runs `attempt` again when it failed for a reason a fresh transaction can fix. */
export async function withRetry<T>(attempt: () => Promise<T>, tries = 5): Promise<T> {
	for (let i = 1; ; i++) {
		try {
			return await attempt();
		} catch (err) {
			if (i >= tries || !retryable(err)) throw err;
		}
	}
}
