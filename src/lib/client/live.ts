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
	/**
	 * The events URL, or null before enrolment. It carries a short-lived ticket fetched with the
	 * device credential in a header: the credential itself never goes into a URL.
	 */
	url: () => string | null | Promise<string | null>;
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
		const attempt = ++this.attempts;
		const use = (url: string | null) => {
			// Stopped or superseded while the ticket was on its way.
			if (attempt !== this.attempts || !this.running) return;
			if (url) this.openStream(url);
			else if (this.ticketed) this.scheduleReopen(null);
		};
		const got = this.deps.url();
		if (got instanceof Promise) {
			this.ticketed = true;
			void got.catch(() => null).then(use);
		} else use(got);
	}

	/** The URL comes from a ticket request, which may fail (offline): then retry later. */
	private ticketed = false;

	private attempts = 0;

	private scheduleReopen(es: EventSourceLike | null) {
		if (this.reopenHandle !== null || !this.running) return;
		this.reopenHandle = this.deps.timers.setTimeout(() => {
			this.reopenHandle = null;
			if (this.es === es) this.reconnect();
		}, REOPEN_MS);
	}

	private openStream(url: string) {
		if (!this.deps.createEventSource) return;
		const es = this.deps.createEventSource(url);
		this.es = es;
		es.addEventListener('open', () => this.setOpen(true));
		es.addEventListener('changed', (ev) => this.deps.onChanged('sse', eventCursor(ev)));
		es.addEventListener('error', () => {
			this.setOpen(false);
			if (es.readyState !== CLOSED || this.es !== es || !this.running) return;
			// Also the way an expired ticket is replaced: a fresh one is fetched on reopen.
			this.deps.log('warn', 'live channel closed; reopening');
			this.scheduleReopen(es);
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

/**
 * The events URL for a device: a short-lived ticket is fetched first with the credential in the
 * Authorization header (EventSource cannot send headers; URLs end up in proxy logs).
 */
export async function liveUrl(
	token: string | null | undefined,
	fetchFn: (u: string, i: RequestInit) => Promise<Response> = (u, i) => fetch(u, i)
): Promise<string | null> {
	if (!token) return null;
	const res = await fetchFn('/api/sync/events/ticket', {
		method: 'POST',
		headers: { authorization: `Device ${token}` }
	});
	if (!res.ok) return null;
	const body = (await res.json()) as { ticket?: unknown };
	return typeof body.ticket === 'string'
		? `/api/sync/events?ticket=${encodeURIComponent(body.ticket)}`
		: null;
}
