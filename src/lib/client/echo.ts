/**
 * Drops live-channel hints the kiosk has already caught up with. Every push is followed by a
 * pull in the same drain, and the server announces the push's own cursor to every stream, this
 * kiosk's included: without this filter each push would cost a second, empty pull. A hint that
 * arrives mid-drain is judged when the drain is over, against the cursor its pull reached.
 */
export interface EchoDeps {
	/** The cursor this kiosk has stored (its last completed pull). */
	knownCursor: () => Promise<number>;
	/** True while a drain is pushing or pulling. */
	busy: () => boolean;
	drain: (why: string) => void;
}

export class EchoFilter {
	private waiting: number | null = null;
	/** Hints dropped as already seen (diagnostics and tests). */
	dropped = 0;

	constructor(private deps: EchoDeps) {}

	/** A hint from the live channel; `cursor` null (a poll, unreadable data) always drains. */
	async hint(why: string, cursor: number | null): Promise<void> {
		if (cursor === null) return this.deps.drain(why);
		if (this.deps.busy()) {
			this.waiting = Math.max(this.waiting ?? 0, cursor);
			return;
		}
		await this.judge(why, cursor);
	}

	/** The drainer went idle: settle a hint that arrived while it worked. */
	async idle(): Promise<void> {
		const cursor = this.waiting;
		if (cursor === null) return;
		this.waiting = null;
		await this.judge('sse', cursor);
	}

	private async judge(why: string, cursor: number) {
		if (cursor <= (await this.deps.knownCursor())) {
			this.dropped++;
			return;
		}
		this.deps.drain(why);
	}
}
