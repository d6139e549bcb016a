import type { Timers } from '../../lib/client/http';

interface Timer {
	id: number;
	at: number;
	fn: () => void;
}

/**
 * One simulated wall clock for the whole nemesis world: kiosks' backoff, Retry-After and request
 * timeouts are timers here, so nothing ever sleeps for real. Time moves only through `advanceBy`.
 */
export class VirtualClock implements Timers {
	private t: number;
	private next = 1;
	private timers = new Map<number, Timer>();

	constructor(start: number) {
		this.t = start;
	}

	now = (): number => this.t;

	iso = (): string => new Date(this.t).toISOString();

	setTimeout(fn: () => void, ms: number): number {
		const id = this.next++;
		this.timers.set(id, { id, at: this.t + Math.max(0, ms), fn });
		return id;
	}

	clearTimeout(handle: unknown): void {
		this.timers.delete(handle as number);
	}

	get pending(): number {
		return this.timers.size;
	}

	/** Fires every timer due within `ms`, earliest first, then leaves the clock at now + ms. */
	advanceBy(ms: number): void {
		const target = this.t + Math.max(0, ms);
		for (;;) {
			let first: Timer | null = null;
			for (const timer of this.timers.values())
				if (timer.at <= target && (!first || timer.at < first.at)) first = timer;
			if (!first) break;
			this.timers.delete(first.id);
			this.t = Math.max(this.t, first.at);
			// Callbacks only start async work (a drain, an abort); none of them re-enter here.
			first.fn();
		}
		this.t = target;
	}
}
