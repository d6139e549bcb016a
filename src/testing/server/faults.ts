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
 * Test-only switches. `enabled` is fixed at start-up from the environment; nothing a request
 * sends can turn them on.
 */
export class Faults {
	private drops = 0;
	private offsetMs = 0;

	constructor(readonly enabled: boolean) {}

	set(s: FaultSettings): { dropResponsesAfterCommit: number; clockOffsetMs: number } {
		if (this.enabled) {
			if (s.dropResponsesAfterCommit !== undefined) this.drops = s.dropResponsesAfterCommit;
			if (s.clockOffsetMs !== undefined) this.offsetMs = s.clockOffsetMs;
		}
		return this.state();
	}

	state() {
		return { dropResponsesAfterCommit: this.drops, clockOffsetMs: this.offsetMs };
	}

	get clockOffsetMs(): number {
		return this.enabled ? this.offsetMs : 0;
	}

	/** True when this push's response should be dropped (uses one of the configured drops). */
	takeDrop(): boolean {
		if (!this.enabled || this.drops <= 0) return false;
		this.drops--;
		return true;
	}
}
