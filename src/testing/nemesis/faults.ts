/** Faults a kiosk's next requests meet, one per request, in the order they were armed. */
export type Fault =
	/** The server commits the batch; the response is lost on the way back. */
	| { kind: 'drop' }
	/** A 5xx from a proxy or a failing server; the request never reached the handlers. */
	| { kind: 'status'; status: 500 | 502 | 503 }
	| { kind: 'throttle'; retryAfterS: number }
	/** No answer before the kiosk's request timeout; the server may or may not have applied it. */
	| { kind: 'timeout'; applied: boolean }
	/** The network delivers the request twice, concurrently. */
	| { kind: 'duplicate' }
	/** The kiosk's drainer (its page or worker) dies mid-batch, leaving rows 'syncing'. */
	| { kind: 'kill'; server: 'none' | 'during' | 'after' };

/** Faults that only make sense on a push (they are kept for the next push when a pull comes). */
const PUSH_ONLY = new Set<Fault['kind']>(['drop', 'duplicate', 'kill']);

export class FaultQueue {
	private queue: Fault[] = [];
	readonly seen: Record<string, number> = {};

	arm(fault: Fault, times = 1): void {
		for (let i = 0; i < times; i++) this.queue.push(fault);
	}

	clear(): void {
		this.queue = [];
	}

	take(isPush: boolean): Fault | null {
		const i = this.queue.findIndex((f) => isPush || !PUSH_ONLY.has(f.kind));
		if (i < 0) return null;
		const [fault] = this.queue.splice(i, 1);
		const key = fault.kind === 'timeout' ? `timeout_${fault.applied}` : fault.kind;
		this.seen[key] = (this.seen[key] ?? 0) + 1;
		return fault;
	}
}
