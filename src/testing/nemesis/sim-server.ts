import type { ServerDeps } from '../../lib/server/deps';
import { toResponse, type Reply } from '../../lib/server/http';
import { silentLogger } from '../../lib/server/log';
import { handlePull } from '../../lib/server/pull';
import { handlePush } from '../../lib/server/push';
import { createDeps } from '../../lib/server/server';
import type { Store } from '../../lib/server/store/types';
import type { Backend } from './backend';
import { FaultyStore, type Claim } from './faulty-store';
import type { VirtualClock } from './virtual-clock';

/** A transport failure as fetch reports it: the connection was refused or reset. */
export const connectionLost = () => new TypeError('fetch failed: connection lost');

/**
 * The real push/pull handlers over a real store, in process. It can die mid-request (the store
 * kill switch) and then restarts: waits for in-flight requests, closes the store, reopens it on the
 * same data with fresh process state (deps). Down, it refuses connections.
 */
export class SimServer {
	deps!: ServerDeps;
	store!: FaultyStore;
	readonly claims: Claim[] = [];
	restarts = 0;
	/** Unexpected exceptions a live server answered as 500 (a finding, not a fault we injected). */
	readonly crashes: string[] = [];
	private inflight = new Set<Promise<unknown>>();
	private restarting: Promise<void> | null = null;

	private clock: VirtualClock | null = null;
	private track: (p: Promise<unknown>) => void = () => undefined;

	constructor(private backend: Backend) {}

	async start(): Promise<void> {
		this.attach(await this.backend.open());
	}

	/** A new run on the same open store: empty tables, the run's clock, nothing left over. */
	async begin(clock: VirtualClock, track: (p: Promise<unknown>) => void): Promise<void> {
		await this.ready();
		this.clock = clock;
		this.track = track;
		this.claims.length = 0;
		this.crashes.length = 0;
		this.restarts = 0;
		await this.backend.reset(this.store.raw);
		this.attach(this.store.raw);
	}

	private attach(inner: Store) {
		this.store = new FaultyStore(inner, this.claims, () => this.onDeath());
		this.deps = createDeps(this.store, { log: silentLogger });
		this.deps.now = () => (this.clock ? this.clock.iso() : new Date().toISOString());
	}

	get down(): boolean {
		return this.store.dead;
	}

	/** Arms a crash `statements` SQL statements from now (mid-batch when a push is running). */
	crashAfter(statements: number): void {
		if (!this.store.dead) this.store.dieAfter(statements);
	}

	private onDeath() {
		this.restarting = (async () => {
			while (this.inflight.size) await Promise.allSettled([...this.inflight]);
			await this.store.close();
			this.restarts++;
			this.attach(await this.backend.open());
			this.restarting = null;
		})();
		this.track(this.restarting);
	}

	/** Waits until a restart in progress has finished. */
	async ready(): Promise<void> {
		while (this.restarting) await this.restarting;
	}

	async handle(url: string, init: RequestInit = {}): Promise<Response> {
		if (this.down) throw connectionLost();
		const store = this.store;
		const run = this.route(url, init);
		this.inflight.add(run);
		try {
			const reply = await run;
			if (store.dead) throw connectionLost(); // the process died before answering
			return toResponse(reply);
		} catch (err) {
			if (store.dead) throw connectionLost();
			this.crashes.push(String(err));
			return toResponse({ status: 500, body: null });
		} finally {
			this.inflight.delete(run);
		}
	}

	private route(url: string, init: RequestInit): Promise<Reply> {
		const auth = new Headers(init.headers).get('authorization');
		if (url.includes('/api/sync/push')) return handlePush(this.deps, auth, String(init.body));
		if (url.includes('/api/sync/pull'))
			return handlePull(this.deps, auth, new URL(url, 'http://kiosk.test'));
		return Promise.resolve({ status: 404, body: { error: { code: 'not_found', message: '' } } });
	}

	async close(): Promise<void> {
		await this.ready();
		while (this.inflight.size) await Promise.allSettled([...this.inflight]);
		await this.store.close();
	}
}
