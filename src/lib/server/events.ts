type Listener = { send(chunk: string): void; close(): void; deviceId?: string };

/**
 * Fan-out of "something changed" to this process's server-sent-event streams. Kiosks pull on a
 * hint, so a missed hint only delays them until their polling fallback. On PostgreSQL a
 * `ChangeFeed` (pg-notify.ts) feeds it the commits of every other server too.
 */
export class EventHub {
	private readonly listeners = new Set<Listener>();
	private timer: ReturnType<typeof setInterval> | null = null;
	private closed = false;
	private lastCursor = 0;
	private pending = 0;
	private quiet: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private readonly heartbeatMs = 15_000,
		/** After a hint, later ones wait this long and go out as one (every kiosk pulls on each). */
		private readonly coalesceMs = 100
	) {}

	get size(): number {
		return this.listeners.size;
	}

	/**
	 * A commit reached `cursor`. On PostgreSQL the same commit arrives twice (from this server's
	 * writer and through LISTEN); a cursor at or below the last one sent adds nothing to a pull.
	 */
	changed(cursor: number): void {
		if (cursor <= this.lastCursor || this.closed) return;
		if (this.quiet) {
			this.pending = Math.max(this.pending, cursor);
			return;
		}
		this.send(cursor);
	}

	/** Sends now, then holds later hints for `coalesceMs` (a busy server sends ~10 a second). */
	private send(cursor: number): void {
		this.lastCursor = cursor;
		this.broadcast(`event: changed\ndata: ${JSON.stringify({ cursor })}\n\n`);
		this.quiet = setTimeout(() => {
			this.quiet = null;
			const next = this.pending;
			this.pending = 0;
			if (next > this.lastCursor && !this.closed) this.send(next);
		}, this.coalesceMs);
		this.quiet.unref?.();
	}

	/** A readable SSE stream that starts with the current cursor. */
	stream(initialCursor: number, deviceId?: string): ReadableStream<Uint8Array> {
		const enc = new TextEncoder();
		let me: Listener | null = null;
		return new ReadableStream<Uint8Array>({
			start: (controller) => {
				me = {
					send: (chunk) => controller.enqueue(enc.encode(chunk)),
					close: () => controller.close(),
					deviceId
				};
				if (this.closed) return controller.close();
				this.listeners.add(me);
				this.ensureHeartbeat();
				me.send(
					`retry: 2000\nevent: changed\ndata: ${JSON.stringify({ cursor: initialCursor })}\n\n`
				);
			},
			cancel: () => {
				if (me) this.listeners.delete(me);
			}
		});
	}

	/** Ends a revoked device's streams at once (security: it must stop hearing of changes). */
	closeDevice(deviceId: string): void {
		for (const l of this.listeners) {
			if (l.deviceId !== deviceId) continue;
			this.listeners.delete(l);
			try {
				l.close();
			} catch {
				// already closed by the client
			}
		}
	}

	/** Ends every stream (shutdown): open streams would otherwise keep the HTTP server alive. */
	closeAll(): void {
		this.closed = true;
		for (const l of this.listeners) {
			try {
				l.close();
			} catch {
				// already closed by the client
			}
		}
		this.listeners.clear();
		if (this.timer) clearInterval(this.timer);
		this.timer = null;
		if (this.quiet) clearTimeout(this.quiet);
		this.quiet = null;
	}

	private broadcast(chunk: string): void {
		for (const l of this.listeners) {
			try {
				l.send(chunk);
			} catch {
				this.listeners.delete(l);
			}
		}
	}

	private ensureHeartbeat(): void {
		if (this.timer) return;
		this.timer = setInterval(() => {
			if (this.listeners.size === 0 && this.timer) {
				clearInterval(this.timer);
				this.timer = null;
				return;
			}
			this.broadcast(': heartbeat\n\n');
		}, this.heartbeatMs);
		this.timer.unref?.();
	}
}
