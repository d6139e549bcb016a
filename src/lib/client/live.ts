import type { Logger } from './drainer';
import type { Timers } from './http';

export const POLL_MS = 30_000;
const REOPEN_MS = 5_000;
const CLOSED = 2; // EventSource.CLOSED; the constant is missing where EventSource is

type EventSourceLike = Pick<EventSource, 'addEventListener' | 'close' | 'readyState'>;

/** The server's cursor in a `changed` event (`data: {"cursor":N}`), or null when unreadable. */
export function eventCursor(ev: unknown): number | null {
	const data = (ev as { data?: unknown } | null)?.data;
	if (typeof data !== 'string') return null;
	try {
		const c = (JSON.parse(data) as { cursor?: unknown } | null)?.cursor;
		return typeof c === 'number' && Number.isSafeInteger(c) && c >= 0 ? c : null;
	} catch {
		return null;
	}
}

export interface LiveDeps {
	/** The events URL with the device token, or null before enrolment. */
	url: () => string | null;
	createEventSource: ((url: string) => EventSourceLike) | null;
	timers: Timers;
	/** `cursor`: the server's latest cursor named by the event (null for a poll or bad data). */
	onChanged: (why: 'sse' | 'poll', cursor: number | null) => void;
	onOpenChange?: (open: boolean) => void;
	log: Logger;
	pollMs?: number;
}

/**
 * "Something changed" from the server. EventSource reconnects by itself; a stream that went
 * CLOSED (e.g. a 401 or a proxy) is re-created here. While the stream is down, poll instead.
 */
export class LiveChannel {
	private es: EventSourceLike | null = null;
	private pollHandle: unknown = null;
	private reopenHandle: unknown = null;
	private running = false;
	open = false;

	constructor(private deps: LiveDeps) {}

	start(): void {
		if (this.running) return;
		this.running = true;
		this.connect();
		this.schedulePoll();
	}

	stop(): void {
		this.running = false;
		this.es?.close();
		this.es = null;
		for (const h of [this.pollHandle, this.reopenHandle])
			if (h !== null) this.deps.timers.clearTimeout(h);
		this.pollHandle = this.reopenHandle = null;
		this.setOpen(false);
	}

	/** Re-create the stream now (e.g. after `online`). */
	reconnect(): void {
		if (!this.running) return;
		this.es?.close();
		this.es = null;
		this.connect();
	}

	private connect() {
		const url = this.deps.url();
		if (!url || !this.deps.createEventSource) return;
		const es = this.deps.createEventSource(url);
		this.es = es;
		es.addEventListener('open', () => this.setOpen(true));
		es.addEventListener('changed', (ev) => this.deps.onChanged('sse', eventCursor(ev)));
		es.addEventListener('error', () => {
			this.setOpen(false);
			if (es.readyState !== CLOSED || this.es !== es || !this.running) return;
			this.deps.log('warn', 'live channel closed; reopening');
			this.reopenHandle = this.deps.timers.setTimeout(() => {
				this.reopenHandle = null;
				if (this.es === es) this.reconnect();
			}, REOPEN_MS);
		});
	}

	private schedulePoll() {
		this.pollHandle = this.deps.timers.setTimeout(() => {
			this.pollHandle = null;
			if (!this.running) return;
			if (!this.open) this.deps.onChanged('poll', null);
			this.schedulePoll();
		}, this.deps.pollMs ?? POLL_MS);
	}

	private setOpen(open: boolean) {
		if (this.open === open) return;
		this.open = open;
		this.deps.onOpenChange?.(open);
	}
}
