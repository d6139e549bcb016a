import type { Logger } from './log';

export interface Timers {
	setInterval(fn: () => void, ms: number): unknown;
	clearInterval(handle: unknown): void;
}

const realTimers: Timers = {
	setInterval: (fn, ms) => {
		const h = setInterval(fn, ms);
		// A background job must never keep the process alive on shutdown.
		h.unref?.();
		return h;
	},
	clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>)
};

/** Decides whether this run happens here (see `runExclusive`). */
export type Guard = <T>(run: () => Promise<T>) => Promise<{ ran: true; value: T } | { ran: false }>;

const unguarded: Guard = async (run) => ({ ran: true, value: await run() });

/**
 * A periodic server job: runs once at start, then every `intervalMs`; never two runs at once.
 *
 *   idle ──start()──▶ running ──done──▶ idle ──tick──▶ running …   stop() ends the ticks
 *
 * `runNow()` joins a run in progress instead of starting a second one. A `guard` wraps every
 * run (the cluster lock on PostgreSQL); it yields `{ran: false}` when another server has the turn.
 */
export class IntervalJob<T> {
	private handle: unknown = null;
	private inFlight: Promise<T | null> | null = null;

	constructor(
		readonly name: string,
		private readonly run: () => Promise<T>,
		private readonly intervalMs: number,
		private readonly log: Logger,
		private readonly timers: Timers = realTimers,
		private readonly guard: Guard = unguarded
	) {}

	start(): Promise<T | null> {
		if (this.handle === null)
			this.handle = this.timers.setInterval(() => void this.runNow(), this.intervalMs);
		return this.runNow();
	}

	/** Runs now (or joins the run in progress); a failure is logged and yields null. */
	runNow(): Promise<T | null> {
		this.inFlight ??= this.guard(this.run)
			.then((r) => (r.ran ? r.value : null))
			.catch((err) => {
				this.log.error(`${this.name} failed`, { error: String(err) });
				return null;
			})
			.finally(() => {
				this.inFlight = null;
			});
		return this.inFlight;
	}

	/** Stops the ticks and waits for a run in progress. */
	async stop(): Promise<void> {
		if (this.handle !== null) this.timers.clearInterval(this.handle);
		this.handle = null;
		await this.inFlight;
	}
}
