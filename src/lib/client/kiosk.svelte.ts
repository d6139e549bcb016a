import { browser, dev, version } from '$app/environment';
import { liveQuery, type Subscription } from 'dexie';
import type { Action } from '../domain/actions';
import type { CustomerNotification, FairnessEvidence, StorageAuditRow } from '../domain/effects';
import type { Reservation } from '../domain/reservation';
import type { Station } from '../domain/stations';
import type { RosterEntry } from '../sync/contract';
import {
	openDb,
	readMeta,
	setMeta,
	type ArchiveRow,
	type KilnDb,
	type Meta,
	type OutboxRow
} from './db';
import { recentDiagnostics, ringLogger } from './diagnostics';
import { Drainer, type DrainerStatus } from './drainer';
import { exportQueue } from './export-queue';
import { realTimers } from './http';
import { IdleLock } from './idle-lock';
import { LiveChannel, liveUrl } from './live';
import { enqueue } from './outbox';
import { registerServiceWorker, requestBackgroundSync, type SwHandle } from './register-sw';
import * as resolve from './resolve';
import { enrol, unlock } from './session';
import { deriveSyncState, type SyncState } from './sync-state';
import { createCardMemo, deriveBoard, type BoardCard } from './view';

type Outcome = { ok: true } | { ok: false; message: string };

const iso = () => new Date().toISOString();

/** The kiosk's state for the UI: Dexie tables via liveQuery (so other tabs and the worker show live). */
export class Kiosk {
	ready = $state(false);
	device = $state<{ deviceId: string; label: string } | null>(null);
	actor = $state<RosterEntry | null>(null);
	/** Signs the unlocked person's elevated actions; memory only, gone on lock or reload. */
	private proofKey: string | null = null;
	roster = $state.raw<RosterEntry[]>([]);
	stations = $state.raw<Station[]>([]);
	reservations = $state.raw<Reservation[]>([]);
	outbox = $state.raw<OutboxRow[]>([]);
	archive = $state.raw<ArchiveRow[]>([]);
	notifications = $state.raw<CustomerNotification[]>([]);
	fairnessAudit = $state.raw<FairnessEvidence[]>([]);
	storageAudit = $state.raw<StorageAuditRow[]>([]);
	meta = $state.raw<Meta>({});
	online = $state(true);
	phase = $state<DrainerStatus['phase']>('idle');
	idleWarning = $state(false);
	lockedOut = $state<{ until: string } | null>(null);
	/** A new app version is installed and waiting; apply with `applyUpdate()`. */
	updateWaiting = $state(false);
	swState = $state('none');

	private cardMemo = createCardMemo();
	board: BoardCard[] = $derived(
		this.cardMemo(
			deriveBoard(this.reservations, this.outbox, this.stations, iso(), (uid) => this.roleOf(uid)),
			this.outbox
		)
	);
	sync: SyncState = $derived(
		deriveSyncState(this.outbox, this.meta, { online: this.online, phase: this.phase })
	);

	private db!: KilnDb;
	private drainer!: Drainer;
	private live!: LiveChannel;
	private idle = new IdleLock({
		timers: realTimers,
		onWarn: () => (this.idleWarning = true),
		onLock: () => this.lock()
	});
	private subs: Subscription[] = [];
	private sw: SwHandle | null = null;
	private log = (..._args: unknown[]) => undefined as void;
	private started: Promise<void> | null = null;

	init(): Promise<void> {
		this.started ??= this.start();
		return this.started;
	}

	private async start() {
		this.db = openDb();
		await this.db.open();
		const log = ringLogger(
			this.db,
			Date.now,
			dev ? (l, m, d) => console.debug(`[${l}]`, m, d ?? '') : undefined
		);
		this.log = (msg: unknown) => log('info', String(msg));
		this.online = navigator.onLine;
		this.drainer = new Drainer({
			db: this.db,
			fetch: (u, i) => fetch(u, i),
			now: Date.now,
			timers: realTimers,
			random: Math.random,
			locks: navigator.locks ?? null,
			log,
			isOnline: () => navigator.onLine,
			onChange: (s) => (this.phase = s.phase)
		});
		this.live = new LiveChannel({
			url: () => liveUrl(this.meta.token),
			createEventSource: typeof EventSource === 'undefined' ? null : (u) => new EventSource(u),
			timers: realTimers,
			onChanged: (why) => void this.drainer.drain(why),
			log
		});
		this.watch(
			() => this.db.reservations.toArray(),
			(v) => (this.reservations = v)
		);
		this.watch(
			() => this.db.stations.toArray(),
			(v) => (this.stations = v)
		);
		this.watch(
			() => this.db.roster.toArray(),
			(v) => (this.roster = v)
		);
		this.watch(
			() => this.db.outbox.orderBy('queueRevision').toArray(),
			(v) => (this.outbox = v)
		);
		this.watch(
			() => this.db.archive.orderBy('queueRevision').toArray(),
			(v) => (this.archive = v)
		);
		this.watch(
			() => this.db.notifications.toArray(),
			(v) => (this.notifications = v)
		);
		this.watch(
			() => this.db.fairnessAudit.toArray(),
			(v) => (this.fairnessAudit = v)
		);
		this.watch(
			() => this.db.storageAudit.toArray(),
			(v) => (this.storageAudit = v)
		);
		this.watch(
			() => this.db.meta.toArray(),
			(rows) => this.onMeta(Object.fromEntries(rows.map((r) => [r.key, r.value])) as Meta)
		);
		addEventListener('online', () => {
			this.online = true;
			this.live.reconnect();
			void this.drainer.drain('online');
		});
		addEventListener('offline', () => (this.online = false));
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') void this.drainer.drain('visible');
		});
		this.sw = registerServiceWorker({
			dev,
			onUpdateWaiting: () => (this.updateWaiting = true),
			onStateChange: (s) => (this.swState = s),
			log: (m) => log('warn', m)
		});
		const meta = await this.db.meta.toArray();
		this.onMeta(Object.fromEntries(meta.map((r) => [r.key, r.value])) as Meta);
		this.ready = true;
		if (this.device) {
			this.live.start();
			void this.drainer.drain('start');
		}
	}

	private watch<T>(query: () => Promise<T>, next: (v: T) => void) {
		this.subs.push(liveQuery(query).subscribe({ next, error: (e) => this.log(`liveQuery: ${e}`) }));
	}

	private onMeta(meta: Meta) {
		this.meta = meta;
		this.device = meta.deviceId ? { deviceId: meta.deviceId, label: meta.label ?? '' } : null;
		const until = meta.pinLock?.lockedUntil;
		// A lockout survives a reload: it is stored in meta, not only in this page.
		if (until && Date.parse(until) > Date.now() && this.lockedOut?.until !== until)
			this.setLockedOut(until);
		if (meta.idleSeconds && meta.idleSeconds * 1000 !== this.idle.idleMs)
			this.idle.setIdleMs(meta.idleSeconds * 1000);
	}

	private roleOf(uid: string) {
		return this.roster.find((r) => r.uid === uid)?.role ?? 'staff';
	}

	async enrol(label: string, pin: string): Promise<Outcome> {
		await this.init();
		const out = await enrol(
			{
				db: this.db,
				fetch: (u, i) => fetch(u, i),
				timers: realTimers,
				persist: navigator.storage?.persist ? () => navigator.storage.persist() : undefined
			},
			label,
			pin
		);
		if (!out.ok) return { ok: false, message: out.message };
		this.onMeta(await readMeta(this.db)); // the live channel needs the token now, not on the next liveQuery tick
		this.live.start();
		this.live.reconnect();
		await this.drainer.drain('enrolled');
		return { ok: true };
	}

	async unlock(uid: string, pin: string): Promise<Outcome> {
		await this.init();
		const out = await unlock(this.db, uid, pin, Date.now());
		if (!out.ok) {
			if (out.until) this.setLockedOut(out.until);
			return { ok: false, message: out.message };
		}
		this.lockedOut = null;
		this.actor = out.actor;
		this.proofKey = out.proofKey;
		this.idleWarning = false;
		this.idle.touch();
		return { ok: true };
	}

	private setLockedOut(until: string) {
		this.lockedOut = { until };
		setTimeout(
			() => {
				if (this.lockedOut?.until === until) this.lockedOut = null;
			},
			Math.max(0, Date.parse(until) - Date.now())
		);
	}

	/** Ends the session only; queued actions are untouched. */
	lock(): void {
		this.actor = null;
		this.proofKey = null;
		this.idleWarning = false;
		this.idle.stop();
	}

	touch(): void {
		if (!this.actor) return;
		this.idleWarning = false;
		this.idle.touch();
	}

	/** Queues an intent as the unlocked staff member; intake without an id gets a new one. */
	async act(reservationId: string | null, action: Action): Promise<OutboxRow> {
		const actor = this.requireActor();
		this.touch();
		const id =
			reservationId ?? (action.type === 'reservation.intake' ? `rsv_${crypto.randomUUID()}` : null);
		const out = await enqueue(this.db, {
			actorUid: actor.uid,
			reservationId: id,
			action,
			now: iso(),
			proofKey: this.proofKey
		});
		if (!out.ok) throw new Error(out.message);
		void requestBackgroundSync();
		void this.drainer.drain('enqueue');
		return out.row;
	}

	async syncNow(): Promise<void> {
		await this.init();
		this.live.reconnect();
		await this.drainer.drain('sync-now');
	}

	async markChecked(rev: number, note?: string): Promise<void> {
		must(await resolve.markChecked(this.db, rev, this.requireActor().uid, iso(), note));
	}

	async retryOnCurrent(rev: number): Promise<void> {
		must(await resolve.retryOnCurrent(this.db, rev, this.requireActor().uid, iso(), this.proofKey));
		void this.drainer.drain('retry');
	}

	async discard(rev: number, note: string): Promise<void> {
		must(await resolve.discard(this.db, rev, this.requireActor().uid, note, iso()));
		void this.drainer.drain('discard');
	}

	async clearFailed(): Promise<{ cleared: number; kept: number }> {
		const out = await resolve.clearFailed(this.db, this.requireActor().uid, iso());
		if (out.cleared) void this.drainer.drain('cleared');
		return out;
	}

	exportQueue(): Promise<string> {
		return exportQueue(this.db, version, iso());
	}

	/** Safe to apply a new version only when no form is dirty and no drain is in flight. */
	applyUpdate(opts: { dirty: boolean }): boolean {
		if (!this.updateWaiting || opts.dirty || this.drainer?.inFlight || !this.sw) return false;
		this.sw.applyUpdate();
		return true;
	}

	async setIdleSeconds(seconds: number): Promise<void> {
		await setMeta(this.db, { idleSeconds: Math.max(15, Math.round(seconds)) });
	}

	async diagnostics(): Promise<Record<string, unknown>> {
		await this.init();
		const storage = navigator.storage;
		const s = this.sync;
		return {
			appVersion: version,
			deviceId: this.meta.deviceId ?? null,
			deviceLabel: this.meta.label ?? null,
			persisted: (await storage?.persisted?.().catch(() => null)) ?? null,
			persistRequestedAtEnrol: this.meta.persisted ?? null,
			storageEstimate: (await storage?.estimate?.().catch(() => null)) ?? null,
			serviceWorker: {
				state: this.swState,
				controller: navigator.serviceWorker?.controller?.state ?? null,
				updateWaiting: this.updateWaiting
			},
			queue: {
				pending: s.pending,
				syncing: s.syncing,
				held: s.held,
				failed: s.failed,
				queueLength: s.queueLength,
				archived: this.archive.length,
				oldestPendingAt: s.oldestPendingAt,
				nextRevision: this.meta.nextRevision ?? null
			},
			online: s.online,
			serverReachable: s.serverReachable,
			liveChannelOpen: this.live?.open ?? false,
			lastSyncAt: s.lastSyncAt,
			lastError: s.lastError,
			cursor: this.meta.cursor ?? 0,
			recentLog: await recentDiagnostics(this.db, 30)
		};
	}

	private requireActor(): RosterEntry {
		if (!this.actor) throw new Error('Unlock the kiosk with your PIN first.');
		return this.actor;
	}
}

function must(out: resolve.ResolveResult) {
	if (!out.ok) throw new Error(out.message);
}

let instance: Kiosk | null = null;

export function getKiosk(): Kiosk {
	if (!browser) throw new Error('The kiosk runs in the browser only.');
	instance ??= new Kiosk();
	return instance;
}
