/** Counts failures per key in a sliding window; used against PIN guessing at enrolment. */
export class FailureLimiter {
	private readonly failures = new Map<string, number[]>();

	constructor(
		private readonly maxFailures = 5,
		private readonly windowMs = 60_000
	) {}

	/** Seconds until `key` may try again, or 0 when it may try now. */
	retryAfter(key: string, nowMs: number): number {
		const recent = this.recent(key, nowMs);
		if (recent.length < this.maxFailures) return 0;
		return Math.max(1, Math.ceil((recent[0] + this.windowMs - nowMs) / 1000));
	}

	fail(key: string, nowMs: number): void {
		this.failures.set(key, [...this.recent(key, nowMs), nowMs]);
	}

	reset(key: string): void {
		this.failures.delete(key);
	}

	private recent(key: string, nowMs: number): number[] {
		const kept = (this.failures.get(key) ?? []).filter((t) => t > nowMs - this.windowMs);
		if (kept.length) this.failures.set(key, kept);
		else this.failures.delete(key);
		return kept;
	}
}
