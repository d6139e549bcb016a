import { browser, dev, version } from '$app/environment';
import { liveQuery, type Subscription } from 'dexie';
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import { isRecordAction, type Action } from '../domain/actions';
import { kioskSecret } from './secret';
import { kioskTimeZone, setDisplayTimeZone } from './studio-zone.svelte';
import { nextStep, suggestStation, type NextStep } from '../domain/board';
import {
	availableOperation,
	availableOperations,
	dryRun,
	dryRunContext,
	messagesCustomer,
	retryOption,
	stationChoices,
	type DryRun,
	type OperationOption,
	type ReservationAction,
	type StationChoice
} from '../domain/available';
import type { CustomerNotification, FairnessEvidence, StorageAuditRow } from '../domain/effects';
import { newReservationId } from '../domain/ids';
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
import { EchoFilter } from './echo';
import { LiveChannel, liveUrl } from './live';
import { enqueue, releaseHolds, withdraw, type UndoResult } from './outbox';
import { registerServiceWorker, requestBackgroundSync, type SwHandle } from './register-sw';
import * as resolve from './resolve';
import { enrol, unlock } from './session';
import { deriveSyncState, type SyncState } from './sync-state';
import { peersIn, type BoardCard } from './view';
import { BoardIndex, type BoardChange, type BoardDelta } from './board-index';
import { watchWrites, type Writes } from './write-feed';
import { SINCE_KEY, isNewRequest, seenState, type SeenState } from './new-requests';

type Outcome = { ok: true } | { ok: false; message: string };

/** Why the kiosk did not queue an intent: a domain failure code, or a kiosk-side one. */
export type ActCode =
	| resolve.ResolveCode
	| 'noop'
	| 'in_flight'
	| 'locked'
	| 'not_enrolled'
	| 'no_reservation'
	| 'invalid'
	| 'conflict'
	| 'stale'
	| 'capacity'
	| 'permission'
	| 'held';
export type ActResult =
	{ ok: true; row: OutboxRow } | { ok: false; code: ActCode; message: string };
export type Result = { ok: true } | { ok: false; code: ActCode; message: string };

/** Feedback of one queued action, shown with its card and derived from its outbox row. */
export interface Feedback {
	reservationId: string | null;
	queueRevision: number;
	label: string;
}

export interface ActOptions {
	/** In-flight key of the control; a second press while it is queueing does nothing. */
	key?: string;
	/** Words for the feedback line ("Confirm" → "Confirm queued."). */
	label?: string;
	/** Hold the action back for this long (ms): its undo window. Nothing is sent before it ends. */
	undoWindowMs?: number;
	/**
	 * Offer Undo for this action (wherever it was pressed: the board's undo bar is the kiosk's).
	 * Undo withdraws it while it is unsent. An action that messages the customer (the domain's
	 * `messagesCustomer`) is held back for the undo window unless `undoWindowMs` says otherwise,
	 * so undo really stops the message.
	 */
	undo?: { text: string; inverse?: ReservationAction | null };
}

/** About eight seconds to take an action back before it is sent. */
export const UNDO_WINDOW_MS = 8000;

/** One line of the undo bar: an action just queued, and what came of pressing Undo. */
export interface UndoEntry {
	queueRevision: number;
	/** "Confirmed Maya Okafor (KB-1012)". */
	text: string;
	/** Epoch ms when the undo window ends (the action is sent then; now for one not held). */
	until: number;
	reservationId: string | null;
	/** The opposite action, queued if undo comes after the action was sent; null when none. */
	inverse: ReservationAction | null;
	/** Set once undo was pressed: what came of it. */
	outcome?: string;
}

const LOCKED = {
	ok: false,
	code: 'locked',
	message: 'Unlock the kiosk with your PIN first.'
} as const;

const iso = () => new Date().toISOString();
const CHIME_KEY = 'kilnboard.chime';
const isoIn = (ms: number) => new Date(Date.now() + ms).toISOString();

/**
 * The kiosk's state for the UI. The board and the outbox live in a keyed in-memory index fed by
 * the rows each committed write touched (this page's own, other tabs' and the service worker's,
 * see `write-feed.ts`); the small tables stay Dexie live queries.
 */
export class Kiosk {
	ready = $state(false);
	device = $state<{ deviceId: string; label: string } | null>(null);
	actor = $state<RosterEntry | null>(null);
	/** Signs the unlocked person's elevated actions; memory only, gone on lock or reload. */
	private proofKey: string | null = null;
	roster = $state.raw<RosterEntry[]>([]);
	stations = $state.raw<Station[]>([]);
	/** Bumped on every board change; `board` and `reservations` are built from it only when read. */
	private version = $state(0);
	/** Each lane's cards in queue order ('' = not yet on a station); an unchanged lane keeps its array. */
	lanes = $state.raw<Record<string, BoardCard[]>>({});
	/** Per lane, bumped when what a card's next step on it reads from its peers changed. */
	// Per key: a bump re-asks only the hints of that lane's cards, not every rendered card.
	private laneTick = new SvelteMap<string, number>();
	/** Bumped when any station's lane changed (what placing unplaced work depends on). */
	private stationTick = $state(0);
	cardCount = $state(0);
	/** New requests this kiosk's staff have opened (see `new-requests.ts`). */
	// Replaced whole from its live query, never mutated: no reactive set needed.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	seen = $state.raw<SeenState>({ ids: new Set(), since: null });
	/** A short tone when a new request arrives; off by default, kept per tablet. */
	chime = $state(false);
	outbox = $state.raw<OutboxRow[]>([]);
	archive = $state.raw<ArchiveRow[]>([]);
	notifications = $state.raw<CustomerNotification[]>([]);
	fairnessAudit = $state.raw<FairnessEvidence[]>([]);
	storageAudit = $state.raw<StorageAuditRow[]>([]);
	meta = $state.raw<Meta>({});
	online = $state(true);
	phase = $state<DrainerStatus['phase']>('idle');
	idleWarning = $state(false);
	/** A new app version is installed and waiting; apply with `applyUpdate()`. */
	updateWaiting = $state(false);
	swState = $state('none');

	/** Controls whose action is being queued right now (see `act`). */
	busy = new SvelteSet<string>();
	feedback = $state.raw<Feedback[]>([]);

	private index = new BoardIndex(
		{ stations: [], roleOf: () => 'staff', timeZone: kioskTimeZone({}) },
		iso
	);
	// Plain map on purpose: `outbox` (an array rebuilt per write) is what the UI tracks.
	// eslint-disable-next-line svelte/prefer-svelte-reactivity
	private rows = new Map<number, OutboxRow>();
	/** Writes committed before the first read finished; applied right after it. */
	private early: Writes[] | null = [];
	/** Every card (O(n) to build): for pages that list or search all of them, not for the board. */
	board: BoardCard[] = $derived.by(() => (this.version, this.index.cards()));
	/** The last server copies (O(n) to build, on read only). */
	reservations: Reservation[] = $derived.by(() => (this.version, this.index.serverCopies()));
	sync: SyncState = $derived(
		deriveSyncState(this.outbox, this.meta, { online: this.online, phase: this.phase })
	);

	private db!: KilnDb;
	private drainer!: Drainer;
	private live!: LiveChannel;
	private echo!: EchoFilter;
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
		const stopFeed = watchWrites(
			this.db,
			['reservations', 'outbox'],
			(w) => (this.early ? this.early.push(w) : this.onWrites(w)),
			(e) => this.log(`write feed: ${e}`)
		);
		addEventListener('pagehide', stopFeed, { once: true });
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
			onChange: (s) => {
				this.phase = s.phase;
				if (s.phase === 'idle') void this.echo.idle();
			}
		});
		this.echo = new EchoFilter({
			knownCursor: async () => Number((await this.db.meta.get('cursor'))?.value ?? 0),
			busy: () => this.drainer.status.phase !== 'idle',
			drain: (why) => void this.drainer.drain(why)
		});
		this.live = new LiveChannel({
			url: () => liveUrl(this.meta.token),
			createEventSource: typeof EventSource === 'undefined' ? null : (u) => new EventSource(u),
			timers: realTimers,
			onChanged: (why, cursor) => void this.echo.hint(why, cursor),
			log
		});
		await this.loadBoard();
		this.watch(
			() => this.db.stations.toArray(),
			(v) => {
				this.stations = v;
				this.configureBoard();
			}
		);
		this.watch(
			() => this.db.roster.toArray(),
			(v) => {
				this.roster = v;
				this.configureBoard();
			}
		);
		this.watch(
			() => this.db.seen.toArray(),
			(rows) => {
				this.seen = seenState(rows);
				// The first run notices from now on: older requests are the backlog, not news.
				if (!this.seen.since) void this.db.seen.put({ id: SINCE_KEY, at: iso() });
			}
		);
		this.chime = localStorage.getItem(CHIME_KEY) === 'on';
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
			else this.releaseOnHide();
		});
		addEventListener('pagehide', () => this.releaseOnHide());
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

	/** The first read: the board's tables in one transaction, then the write feed takes over. */
	private async loadBoard() {
		const db = this.db;
		const [reservations, outbox, stations, roster, meta] = await db.transaction(
			'r',
			[db.reservations, db.outbox, db.stations, db.roster, db.meta],
			() =>
				Promise.all([
					db.reservations.toArray(),
					db.outbox.toArray(),
					db.stations.toArray(),
					db.roster.toArray(),
					db.meta.toArray()
				])
		);
		// The zone first: the first derive must use the studio's, not the fallback, or it runs twice.
		this.onMeta(Object.fromEntries(meta.map((r) => [r.key, r.value])) as Meta);
		this.stations = stations;
		this.roster = roster;
		this.configured = this.settingsKey();
		this.index.configure(this.boardSettings());
		for (const row of outbox) this.rows.set(row.queueRevision, row);
		this.publish(this.index.reset(reservations, outbox), true);
		const early = this.early ?? [];
		this.early = null;
		for (const w of early) this.onWrites(w);
	}

	private boardSettings() {
		return {
			stations: this.stations,
			roleOf: (uid: string) => this.roleOf(uid),
			timeZone: kioskTimeZone(this.meta),
			prices: this.meta.prices ?? null
		};
	}

	private configured = '';
	/** What the board's derivation reads besides the cards: stations, roles, the studio's zone. */
	private settingsKey() {
		const roles = this.roster.map((r) => [r.uid, r.role]);
		return `${JSON.stringify(this.stations)}|${JSON.stringify(roles)}|${kioskTimeZone(this.meta)}|${JSON.stringify(this.meta.prices ?? null)}`;
	}
	/** Stations, roster or zone changed: every card may read them (rare: a pull that carries them). */
	private configureBoard() {
		if (this.early) return; // the first read configures
		const key = this.settingsKey();
		if (key === this.configured) return;
		this.configured = key;
		this.publish(this.index.configure(this.boardSettings()));
	}

	private onWrites(w: Writes) {
		const res = w.reservations;
		const out = w.outbox;
		if (out) {
			if (out.whole) this.rows.clear();
			const last = this.outbox.at(-1)?.queueRevision ?? 0;
			const puts = out.put as OutboxRow[];
			const appended = !out.whole && !out.del.length && puts.every((r) => r.queueRevision > last);
			for (const rev of out.del) this.rows.delete(rev as number);
			for (const row of puts) this.rows.set(row.queueRevision, row);
			// A tap only appends: no re-sort of a long queue.
			this.outbox = appended
				? [...this.outbox, ...puts.sort((x, y) => x.queueRevision - y.queueRevision)]
				: [...this.rows.values()].sort((x, y) => x.queueRevision - y.queueRevision);
		}
		if (res?.whole || out?.whole) {
			const server = res?.whole ? (res.put as Reservation[]) : this.index.serverCopies();
			return this.publish(this.index.reset(server, this.outbox), true);
		}
		const change: BoardChange = {};
		if (res) change.reservations = { put: res.put as Reservation[], del: res.del as string[] };
		if (out) change.outbox = { put: out.put as OutboxRow[], del: out.del as number[] };
		this.publish(this.index.apply(change));
	}

	/** Hands what changed to the UI: only the lanes it altered get a new array. */
	private publish(delta: BoardDelta, all = false) {
		if (!all && !delta.cards.size && !delta.lanes.size) return;
		const lanes = all ? {} : { ...this.lanes };
		const keys = all ? this.index.laneKeys() : delta.lanes;
		let stationLane = all;
		for (const key of keys) {
			const peers = all || delta.peers.has(key);
			const cards = this.index.lane(key, peers ? undefined : this.lanes[key]);
			if (cards.length) lanes[key] = cards;
			else delete lanes[key];
			// Only a change another card's verdict reads re-asks that lane's hints (not a note).
			if (!peers) continue;
			this.laneTick.set(key, (this.laneTick.get(key) ?? 0) + 1);
			if (key) stationLane = true;
		}
		this.lanes = lanes;
		if (stationLane) this.stationTick++;
		this.cardCount = this.index.size;
		this.version++;
	}

	/** True while this request is new here: nobody opened it on this kiosk yet. */
	isNew(r: Reservation): boolean {
		return isNewRequest(r, this.seen);
	}

	/** A member of staff opened this card: it is no longer highlighted as new. */
	async markSeen(id: string): Promise<void> {
		if (this.seen.ids.has(id) || !this.card(id) || !this.isNew(this.card(id)!.reservation)) return;
		await this.db.seen.put({ id, at: iso() });
	}

	setChime(on: boolean): void {
		this.chime = on;
		localStorage.setItem(CHIME_KEY, on ? 'on' : 'off');
	}

	/** One card of the board, by id (no scan). */
	card(id: string): BoardCard | undefined {
		void this.version;
		return this.index.card(id);
	}

	private watch<T>(query: () => Promise<T>, next: (v: T) => void) {
		this.subs.push(liveQuery(query).subscribe({ next, error: (e) => this.log(`liveQuery: ${e}`) }));
	}

	private onMeta(meta: Meta) {
		this.meta = meta;
		setDisplayTimeZone(kioskTimeZone(meta));
		this.configureBoard();
		this.device = meta.deviceId ? { deviceId: meta.deviceId, label: meta.label ?? '' } : null;
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
		// A lockout is stored per person in meta (survives a reload); the lock screen counts it down.
		if (!out.ok) return { ok: false, message: out.message };
		this.actor = out.actor;
		this.proofKey = out.proofKey;
		this.idleWarning = false;
		this.idle.touch();
		return { ok: true };
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

	/**
	 * Queues an intent as the unlocked staff member; intake without an id gets a new one. The
	 * intent is first applied to the optimistic card with the same context the view uses: if the
	 * domain refuses it, nothing is queued and the reason comes back (offline too). The server
	 * still decides; what it refuses later takes the failed path.
	 */
	async act(
		reservationId: string | null,
		action: Action,
		opts: ActOptions = {}
	): Promise<ActResult> {
		if (!this.actor) return LOCKED;
		const actor = this.actor;
		const key =
			opts.key ?? `${reservationId ?? '-'}|${action.type}|${JSON.stringify(action.payload)}`;
		if (this.busy.has(key))
			return { ok: false, code: 'in_flight', message: 'This action is already being queued.' };
		this.touch();
		this.busy.add(key);
		try {
			let messages = false;
			const id =
				reservationId ??
				(action.type === 'reservation.intake' ? newReservationId(() => crypto.randomUUID()) : null);
			if (!isRecordAction(action) && id) {
				const current = this.index.card(id)?.reservation ?? null;
				const verdict = dryRun(current, action, id, this.dryContext(actor));
				if (!verdict.ok) return verdict;
				messages = messagesCustomer(verdict);
			}
			// A held row is sent by the page's drainer timer, or by the service worker's sync event
			// (it waits for held rows), or at once when the page goes away (releaseOnHide).
			const holdMs = opts.undoWindowMs ?? (opts.undo && messages ? UNDO_WINDOW_MS : 0);
			const out = await enqueue(this.db, {
				actorUid: actor.uid,
				reservationId: id,
				action,
				now: iso(),
				proofKey: this.proofKey,
				sendAfter: holdMs ? isoIn(holdMs) : undefined
			});
			if (!out.ok) return out;
			if (opts.undo) this.offerUndo(out.row.queueRevision, id, opts.undo, holdMs);
			if (opts.label)
				this.feedback = [
					...this.feedback,
					{ reservationId: id, queueRevision: out.row.queueRevision, label: opts.label }
				];
			// The row is committed: show it now (the write feed delivers the same row again, which
			// changes nothing), so a second press is judged against the card with it applied.
			if (!this.rows.has(out.row.queueRevision)) this.onWrites(rowWritten(out.row));
			void requestBackgroundSync();
			void this.drainer.drain('enqueue');
			return { ok: true, row: out.row };
		} finally {
			this.busy.delete(key);
		}
	}

	/**
	 * Undo of a queued action: taken out of the outbox while it is unsent (so the server and the
	 * customer never hear of it); otherwise the reason why not comes back.
	 */
	async undo(queueRevision: number): Promise<UndoResult | typeof LOCKED> {
		if (!this.actor) return LOCKED;
		const out = await withdraw(this.db, queueRevision);
		if (out.ok) this.feedback = this.feedback.filter((f) => f.queueRevision !== queueRevision);
		return out;
	}

	/** Lines of the undo bar, newest last (at most three). */
	undoEntries: UndoEntry[] = $state([]);

	private offerUndo(
		queueRevision: number,
		reservationId: string | null,
		u: NonNullable<ActOptions['undo']>,
		holdMs: number
	) {
		const window = holdMs || UNDO_WINDOW_MS;
		const entry: UndoEntry = {
			queueRevision,
			text: u.text,
			reservationId,
			inverse: u.inverse ?? null,
			until: Date.now() + holdMs
		};
		this.undoEntries = [...this.undoEntries.slice(-2), entry];
		// Leave the line a few seconds after the window so "Sent." can be read, then drop it.
		setTimeout(() => this.dismissUndo(queueRevision), window + 6000);
	}

	/** Undo pressed: withdraw while unsent; once sent, queue the opposite where the rules allow. */
	async undoEntry(queueRevision: number): Promise<void> {
		const e = this.undoEntries.find((u) => u.queueRevision === queueRevision);
		if (!e) return;
		const out = await this.undo(queueRevision);
		let outcome = out.ok ? 'Undone — nothing was sent.' : `Not undone: ${out.message}`;
		if (!out.ok && out.code === 'sent' && e.inverse && e.reservationId) {
			const back = await this.act(e.reservationId, e.inverse, { key: `step:${e.reservationId}` });
			outcome = back.ok
				? 'Already sent, so the opposite was queued.'
				: `Not undone: already sent, and ${back.message}`;
		} else if (!out.ok && out.code === 'sent')
			outcome = 'Not undone: it was already sent. Change it back from the card if needed.';
		this.undoEntries = this.undoEntries.map((u) =>
			u.queueRevision === queueRevision ? { ...u, outcome } : u
		);
		setTimeout(() => this.dismissUndo(queueRevision), 5000);
	}

	dismissUndo(queueRevision: number): void {
		this.undoEntries = this.undoEntries.filter((u) => u.queueRevision !== queueRevision);
	}

	/** "Send now" on an undo line: its window ends at once (staff want the customer told now). */
	async sendNow(queueRevision: number): Promise<void> {
		if (!this.undoEntries.some((u) => u.queueRevision === queueRevision)) return;
		await releaseHolds(this.db, iso(), queueRevision);
		this.endWindows([queueRevision], 'Sending now; undo is over.');
		void requestBackgroundSync();
		void this.drainer.drain('send-now');
	}

	/**
	 * The page is going away (or hidden): no one can press Undo here any more, so every hold ends
	 * now and the service worker is asked to send, in case this page is not around to.
	 */
	private releaseOnHide() {
		const now = iso();
		if (!this.outbox.some((r) => r.state === 'pending' && r.sendAfter && r.sendAfter > now)) return;
		void releaseHolds(this.db, now).then(() => requestBackgroundSync());
		this.endWindows(
			this.undoEntries.filter((u) => !u.outcome).map((u) => u.queueRevision),
			'Sent when the screen was left; undo is over.'
		);
	}

	private endWindows(revisions: number[], outcome: string) {
		const end = Date.now();
		this.undoEntries = this.undoEntries.map((u) =>
			revisions.includes(u.queueRevision) && u.until > end ? { ...u, until: end, outcome } : u
		);
	}

	/** True when queueing this intent would send the customer a message (per the domain). */
	messagesCustomer(reservationId: string, action: ReservationAction): boolean {
		return messagesCustomer(this.preview(reservationId, action));
	}

	/** Feedback lines of this card whose action is still in the queue (not yet resolved). */
	feedbackFor(reservationId: string | null): Feedback[] {
		void this.outbox;
		return this.feedback.filter(
			(f) => f.reservationId === reservationId && this.rows.has(f.queueRevision)
		);
	}

	/** Forgets a card's feedback for actions that synced (called when staff leave its page). */
	forgetSynced(reservationId: string | null): void {
		const synced = this.outbox.filter((r) => r.state === 'synced').map((r) => r.queueRevision);
		this.feedback = this.feedback.filter(
			(f) => f.reservationId !== reservationId || !synced.includes(f.queueRevision)
		);
	}

	private dryContext(actor: RosterEntry, now = iso()) {
		return dryRunContext(
			{ uid: actor.uid, role: actor.role },
			this.stations,
			this.index.peers,
			now,
			this.studioContext()
		);
	}

	/** Reads the board state a decision on this card depends on, so the UI re-asks when it changes. */
	private dependOn(card: Reservation) {
		void this.version;
		if (card.assignedStationId) void this.laneTick.get(card.assignedStationId);
		else void this.stationTick;
	}

	/**
	 * A board card's one-tap next step and, for unplaced work, the suggested station; judged by
	 * the domain like every control, but only the operations that could be next are dry-run.
	 */
	boardHint(card: Reservation): { step: NextStep | null; suggested: StationChoice | null } {
		if (!this.actor || card.status === 'CANCELLED' || card.isArchived)
			return { step: null, suggested: null };
		if (card.assignedStationId) void this.laneTick.get(card.assignedStationId);
		else void this.stationTick;
		const peers = this.index.peers;
		const actor = { uid: this.actor.uid, role: this.actor.role };
		const now = iso();
		const extra = this.studioContext();
		const choices = card.assignedStationId
			? []
			: stationChoices(card, actor, this.stations, peers, now, extra);
		const can = (op: NextStep['op']) =>
			op === 'station.assign'
				? choices.some((c) => c.enabled)
				: availableOperation(op, card, actor, this.stations, peers, now, extra).enabled;
		return { step: nextStep(card, can, choices), suggested: suggestStation(choices) };
	}

	/** Every control of a card, judged by the domain for the unlocked staff member. */
	operations(card: Reservation): OperationOption[] {
		const ctx = this.context(card);
		const list = availableOperations(card, ctx.actor, ctx.stations, ctx.peers, ctx.now, ctx.extra);
		return this.actor ? list : list.map((o) => ({ ...o, enabled: false, reason: LOCKED.message }));
	}

	stationChoices(card: Reservation): StationChoice[] {
		const ctx = this.context(card);
		const list = stationChoices(card, ctx.actor, ctx.stations, ctx.peers, ctx.now, ctx.extra);
		return this.actor ? list : list.map((o) => ({ ...o, enabled: false, reason: LOCKED.message }));
	}

	/** "Retry on current state" for a failed row: offered when the retry would apply to the server copy now. */
	retryOption(row: OutboxRow): OperationOption {
		if (!this.actor) return { op: 'failure.retry', enabled: false, reason: LOCKED.message };
		if (isRecordAction(row) || !row.reservationId)
			return { op: 'failure.retry', enabled: true, reason: null };
		const ctx = this.context();
		const server = this.card(row.reservationId)?.server ?? row.result?.serverCopy ?? null;
		return retryOption(
			row,
			row.reservationId,
			server,
			ctx.actor,
			ctx.stations,
			peersIn(this.reservations),
			ctx.now,
			ctx.extra
		);
	}

	private context(card?: Reservation) {
		const actor = this.actor ?? { uid: '-', role: 'staff' as const };
		if (card) this.dependOn(card);
		else void this.version;
		return {
			actor: { uid: actor.uid, role: actor.role },
			stations: this.stations,
			peers: this.index.peers,
			now: iso(),
			extra: this.studioContext()
		};
	}

	/** The studio's zone and the kiosk's secret source, for every domain decision made here. */
	private studioContext() {
		return {
			timeZone: kioskTimeZone(this.meta),
			secret: kioskSecret,
			prices: this.meta.prices ?? null
		};
	}

	/** Dry-runs an intent on the optimistic card (or on nothing, for intake) without queueing it. */
	preview(reservationId: string, action: ReservationAction): DryRun | typeof LOCKED {
		if (!this.actor) return LOCKED;
		void this.version;
		const current = this.index.card(reservationId)?.reservation ?? null;
		return dryRun(current, action, reservationId, this.dryContext(this.actor));
	}

	/** True while the control with this key has an action being queued. */
	isBusy(key: string): boolean {
		return this.busy.has(key);
	}

	async syncNow(): Promise<void> {
		await this.init();
		this.live.reconnect();
		await this.drainer.drain('sync-now');
	}

	async markChecked(rev: number, note?: string): Promise<Result> {
		if (!this.actor) return LOCKED;
		return plain(await resolve.markChecked(this.db, rev, this.actor.uid, iso(), note));
	}

	/**
	 * Retries a failure as a new action on the current server copy. `choices` says what becomes of
	 * each action held behind it (see `resolve.heldBehindFailure`); none is re-queued unseen.
	 */
	async retryOnCurrent(rev: number, choices: resolve.HeldChoices = {}): Promise<Result> {
		if (!this.actor) return LOCKED;
		const row = this.outbox.find((r) => r.queueRevision === rev);
		if (row) {
			const can = this.retryOption(row);
			if (!can.enabled) return { ok: false, code: 'conflict', message: can.reason ?? '' };
		}
		const out = await resolve.retryOnCurrent(
			this.db,
			rev,
			this.actor.uid,
			iso(),
			choices,
			this.proofKey
		);
		if (out.ok) void this.drainer.drain('retry');
		return plain(out);
	}

	async discard(rev: number, note: string, choices: resolve.HeldChoices = {}): Promise<Result> {
		if (!this.actor) return LOCKED;
		const out = await resolve.discard(this.db, rev, this.actor.uid, note, iso(), choices);
		if (out.ok) void this.drainer.drain('discard');
		return plain(out);
	}

	async clearFailed(): Promise<{ cleared: number; kept: number }> {
		if (!this.actor) return { cleared: 0, kept: this.sync.failed };
		const out = await resolve.clearFailed(this.db, this.actor.uid, iso());
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
}

/** A committed outbox row, as the write feed would report it. */
function rowWritten(row: OutboxRow): Writes {
	return { outbox: { put: [row], del: [], whole: false } };
}

function plain(out: resolve.ResolveResult): Result {
	return out.ok ? { ok: true } : { ok: false, code: out.code, message: out.message };
}

let instance: Kiosk | null = null;

export function getKiosk(): Kiosk {
	if (!browser) throw new Error('The kiosk runs in the browser only.');
	instance ??= new Kiosk();
	return instance;
}
