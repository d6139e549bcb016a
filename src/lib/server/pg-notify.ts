import pg from 'pg';
import { changeChannel } from './migrations';
import type { Logger } from './log';

export interface ChangeFeedOptions {
	url: string;
	schema: string;
	/** Called with a change-log seq committed by any server (this one included). */
	onChange(seq: number): void;
	/** Reads the change log's current max seq (the catch-up after a reconnect). */
	cursor(): Promise<number>;
	log: Logger;
	minBackoffMs?: number;
	maxBackoffMs?: number;
}

/**
 * The cross-server half of the live channel: one dedicated PostgreSQL connection LISTENs on the
 * change-log channel (migration 401 notifies at each commit). When the connection is lost it
 * reconnects with capped exponential backoff, then reads the current cursor and reports it if it
 * moved while nobody listened — a hint may be late, never lost.
 *
 *   connecting ──ok──▶ listening ──error/end──▶ waiting(backoff) ──▶ connecting …   stop() ends
 */
export class ChangeFeed {
	private client: pg.Client | null = null;
	private stopped = false;
	private failures = 0;
	private lastSeq = 0;
	private retry: ReturnType<typeof setTimeout> | null = null;
	/** Backend pid of the listening connection (null while disconnected); tests cut it. */
	pid: number | null = null;
	/** Times the feed (re)connected; 1 after the first connection. */
	connects = 0;

	constructor(private readonly opts: ChangeFeedOptions) {}

	get listening(): boolean {
		return this.pid !== null;
	}

	start(): Promise<void> {
		return this.connect();
	}

	async stop(): Promise<void> {
		this.stopped = true;
		if (this.retry) clearTimeout(this.retry);
		this.retry = null;
		const c = this.client;
		this.client = null;
		this.pid = null;
		await c?.end().catch(() => {});
	}

	private seen(seq: number): void {
		if (!Number.isFinite(seq) || seq <= 0) return;
		this.lastSeq = Math.max(this.lastSeq, seq);
		this.opts.onChange(seq);
	}

	private async connect(): Promise<void> {
		if (this.stopped) return;
		const client = new pg.Client({
			connectionString: this.opts.url,
			application_name: 'kilnboard-listen'
		});
		this.client = client;
		let lost = false;
		const onLost = (why: string) => {
			if (lost || this.client !== client) return;
			lost = true;
			this.client = null;
			this.pid = null;
			void client.end().catch(() => {});
			if (this.stopped) return;
			this.opts.log.warn('change listener lost', { error: why });
			this.scheduleReconnect();
		};
		client.on('error', (err) => onLost(String(err)));
		client.on('end', () => onLost('connection ended'));
		client.on('notification', (m) => this.seen(Number(m.payload)));
		try {
			await client.connect();
			await client.query(`LISTEN "${changeChannel(this.opts.schema).replaceAll('"', '""')}"`);
			const pid = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
			if (this.client !== client) return;
			this.pid = Number(pid.rows[0].pid);
			this.connects++;
			this.failures = 0;
			// Commits made while we were not listening produced no notification for us.
			const cursor = await this.opts.cursor();
			if (cursor > this.lastSeq) this.seen(cursor);
			if (this.connects > 1) this.opts.log.info('change listener reconnected', { cursor });
		} catch (err) {
			onLost(String(err));
		}
	}

	private scheduleReconnect(): void {
		const min = this.opts.minBackoffMs ?? 200;
		const max = this.opts.maxBackoffMs ?? 5_000;
		const wait = Math.min(max, min * 2 ** this.failures++);
		this.retry = setTimeout(() => {
			this.retry = null;
			void this.connect();
		}, wait);
		this.retry.unref?.();
	}
}
