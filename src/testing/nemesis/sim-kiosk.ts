import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { Action } from '../../lib/domain/actions';
import { KilnDb, setMeta, type OutboxRow } from '../../lib/client/db';
import { Drainer } from '../../lib/client/drainer';
import { enqueue, takeRevision, type EnqueueResult } from '../../lib/client/outbox';
import { discard, retryOnCurrent, sameChoice, type ResolveResult } from '../../lib/client/resolve';
import { FaultQueue, type Fault } from './faults';
import { connectionLost, type SimServer } from './sim-server';
import type { VirtualClock } from './virtual-clock';
import { demoProofKey } from '../../lib/server/seed';

export const REQUEST_TIMEOUT_MS = 10_000;
const BATCH = 12;

const abortError = () => new DOMException('The operation was aborted.', 'AbortError');
const never = () => new Promise<never>(() => {});
const ignore = () => undefined;

export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * One tablet: its own IndexedDB (a separate fake-indexeddb factory), the real Dexie schema,
 * outbox and Drainer, whose fetch reaches the in-process server through this kiosk's faults.
 * A kill abandons the drainer where it stands (its fetch never returns) and "reloads the page":
 * a new Dexie connection and a new Drainer on the same database.
 */
export class SimKiosk {
	readonly faults = new FaultQueue();
	offline = false;
	kills = 0;
	db: KilnDb;
	drainer: Drainer;
	/** Revisions that were ever marked held on this kiosk (they may legitimately go out late). */
	readonly everHeld = new Set<number>();
	private readonly factory = new IDBFactory();
	private abandon: () => void = ignore;
	private abandoned: Promise<void> = never();
	private readonly random: () => number;

	constructor(
		readonly name: string,
		readonly deviceId: string,
		private readonly token: string,
		private readonly server: SimServer,
		private readonly clock: VirtualClock,
		private readonly track: (p: Promise<unknown>) => void,
		seed: number
	) {
		this.random = mulberry32(seed);
		this.db = this.openDb();
		this.drainer = this.makeDrainer();
	}

	async enrol(): Promise<void> {
		await setMeta(this.db, { deviceId: this.deviceId, token: this.token, label: this.name });
	}

	private openDb(): KilnDb {
		const db = new KilnDb('kilnboard', { indexedDB: this.factory, IDBKeyRange });
		const everHeld = this.everHeld;
		db.outbox.hook('updating', (mods, key) => {
			if ((mods as Partial<OutboxRow>).state === 'held') everHeld.add(Number(key));
			return undefined;
		});
		return db;
	}

	private makeDrainer(): Drainer {
		this.abandoned = new Promise<void>((resolve) => (this.abandon = resolve));
		const abandoned = this.abandoned;
		const drainer = new Drainer({
			db: this.db,
			fetch: (url, init) => this.fetch(url, init),
			now: this.clock.now,
			timers: this.clock,
			random: this.random,
			locks: null,
			log: ignore,
			isOnline: () => !this.offline,
			batchSize: BATCH,
			timeoutMs: REQUEST_TIMEOUT_MS
		});
		// Every drain, including the backoff timer's, is tracked so the world can wait for quiet.
		const run = drainer.drain.bind(drainer);
		drainer.drain = (reason) => {
			const p = run(reason);
			this.track(Promise.race([p, abandoned]));
			return p;
		};
		return drainer;
	}

	async act(
		actorUid: string,
		reservationId: string | null,
		action: Action
	): Promise<EnqueueResult> {
		// Each simulated person is "unlocked" with their demo PIN: elevated actions are signed.
		const proofKey = await demoProofKey(actorUid);
		const out = await enqueue(this.db, {
			actorUid,
			reservationId,
			action,
			now: this.clock.iso(),
			proofKey
		});
		void this.drainer.drain('write');
		return out;
	}

	/**
	 * Queues a row as an older or newer app build might have stored it, bypassing today's enqueue
	 * validation: the server must refuse it visibly, never apply it or lose its batch-mates.
	 */
	async actRaw(
		actorUid: string,
		reservationId: string | null,
		action: Action
	): Promise<EnqueueResult> {
		const db = this.db;
		const row = await db.transaction('rw', [db.outbox, db.archive, db.meta], async () => {
			const made = {
				...action,
				queueRevision: await takeRevision(db),
				deviceId: this.deviceId,
				actorUid,
				reservationId,
				baseVersion: 0,
				createdAt: this.clock.iso(),
				state: 'pending',
				attempts: 0,
				lastAttemptAt: null
			} as OutboxRow;
			await db.outbox.add(made);
			return made;
		});
		void this.drainer.drain('write');
		return { ok: true, row };
	}

	arm(fault: Fault, times = 1): void {
		this.faults.arm(fault, times);
	}

	/** A supervisor resolves this kiosk's oldest failed action. */
	async resolveOldest(mode: 'discard' | 'retry'): Promise<ResolveResult | null> {
		const row = await this.db.outbox.where('state').equals('failed').first();
		if (!row) return null;
		const now = this.clock.iso();
		// The simulated supervisor has seen the held actions and sends them all after it.
		const held = sameChoice(await this.db.outbox.toArray(), row.queueRevision, 'release');
		const out =
			mode === 'discard'
				? await discard(this.db, row.queueRevision, 'sup-jo', 'nemesis: discarded', now, held)
				: await retryOnCurrent(
						this.db,
						row.queueRevision,
						'sup-jo',
						now,
						held,
						await demoProofKey('sup-jo')
					);
		void this.drainer.drain('resolved');
		return out;
	}

	/** The drainer dies where it stands; the page reloads on the same database. */
	private kill(): void {
		this.kills++;
		this.drainer.stop();
		this.abandon();
		const old = this.db;
		this.db = this.openDb();
		this.drainer = this.makeDrainer();
		old.close();
		void this.drainer.drain('reload');
	}

	private async fetch(url: string, init: RequestInit = {}): Promise<Response> {
		if (this.offline) throw new TypeError('Failed to fetch (offline)');
		const fault = this.faults.take(url.includes('/api/sync/push'));
		const deliver = () => this.server.handle(url, init);
		const signal = init.signal ?? undefined;
		switch (fault?.kind) {
			case undefined:
				return this.answer(await deliver(), signal);
			case 'drop':
				await deliver().catch(ignore);
				throw connectionLost();
			case 'status':
				return new Response('<html><body>Bad gateway</body></html>', {
					status: fault.status,
					headers: { 'content-type': 'text/html' }
				});
			case 'throttle':
				return Response.json(
					{ error: { code: 'rate_limited', message: 'Slow down.' } },
					{ status: 429, headers: { 'retry-after': String(fault.retryAfterS) } }
				);
			case 'timeout':
				if (fault.applied) await deliver().catch(ignore);
				return this.hang(signal);
			case 'duplicate': {
				const both = await Promise.allSettled([deliver(), deliver()]);
				const got = both.filter((b) => b.status === 'fulfilled');
				if (!got.length) throw connectionLost();
				return this.answer(got[Math.floor(this.random() * got.length)].value, signal);
			}
			case 'kill':
				if (fault.server === 'after') await deliver().catch(ignore);
				if (fault.server === 'during') this.track(deliver().catch(ignore));
				this.kill();
				return never();
		}
	}

	/** A response that arrives after the kiosk gave up is never seen. */
	private answer(res: Response, signal: AbortSignal | undefined): Response {
		if (signal?.aborted) throw abortError();
		return res;
	}

	/** No answer: virtual time runs on until the kiosk's own request timeout aborts the fetch. */
	private hang(signal: AbortSignal | undefined): Promise<Response> {
		return new Promise((_, reject) => {
			const fail = () => reject(abortError());
			if (!signal) return;
			if (signal.aborted) return fail();
			signal.addEventListener('abort', fail, { once: true });
			// Pulls use the client's default timeout, pushes ours: step until whichever it is fires.
			for (let s = 0; s < 600 && !signal.aborted; s++) this.clock.advanceBy(1_000);
		});
	}
}
