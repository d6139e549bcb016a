import { z } from 'zod';

export const FaultSettings = z.strictObject({
	dropResponsesAfterCommit: z.number().int().min(0).max(1000).optional(),
	clockOffsetMs: z
		.number()
		.int()
		.min(-10 * 365 * 86_400_000)
		.max(10 * 365 * 86_400_000)
		.optional()
});
export type FaultSettings = z.infer<typeof FaultSettings>;

/**
 * Test-only switches. An instance exists only in a server started with KILNBOARD_TEST_HOOKS=1
 * (see `install.ts`); a production start has none, so nothing a request sends can reach them.
 */
export class Faults {
	private drops = 0;
	private offsetMs = 0;

	set(s: FaultSettings): { dropResponsesAfterCommit: number; clockOffsetMs: number } {
		if (s.dropResponsesAfterCommit !== undefined) this.drops = s.dropResponsesAfterCommit;
		if (s.clockOffsetMs !== undefined) this.offsetMs = s.clockOffsetMs;
		return this.state();
	}

	state() {
		return { dropResponsesAfterCommit: this.drops, clockOffsetMs: this.offsetMs };
	}

	get clockOffsetMs(): number {
		return this.offsetMs;
	}

	/** True when this push's response should be dropped (uses one of the configured drops). */
	takeDrop(): boolean {
		if (this.drops <= 0) return false;
		this.drops--;
		return true;
	}
}
