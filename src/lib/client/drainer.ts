import {
	ErrorBody,
	MAX_BATCH,
	PushResponse,
	deviceAuthHeader,
	type WireAction
} from '../sync/contract';
import { ackedRevision } from './ack';
import { retryDelay } from './backoff';
import { classify, type Verdict } from './classify';
import { readMeta, setMeta, type KilnDb, type OutboxRow } from './db';
import { planBatch } from './holds';
import { errorMessage, exchange, type FetchLike, type Timers } from './http';
import { pruneSynced } from './prune';
import { pull } from './pull';
import { failRows, recordResults } from './record';
import { releaseResolved } from './resolve';

/*
 * One drain, like Replicache's ConnectionLoop:
 *
 *   trigger ──▶ [wait for Web Lock 'kilnboard-drain'] ──▶ reset stale 'syncing' ──▶ plan batch
 *                                                              ▲                      │
 *                                       results recorded ──────┘◀── push ◀── rows? ──yes
 *                                                                                    no
 *   retry timer ◀── network / timeout / 5xx / 429 (backoff)          pull ◀──────────┘
 *   stop ◀── 401 (needsSignIn) · 403 device_revoked (rows failed as permission)
 *
 * A trigger that arrives mid-drain re-runs the loop once more after it, so nothing queued during
 * a drain waits for the next event.
 */

export interface LockManagerLike {
	request<T>(name: string, cb: () => Promise<T>): Promise<T>;
}

export interface Logger {
	(level: 'debug' | 'info' | 'warn' | 'error', msg: string, data?: Record<string, unknown>): void;
}

export interface DrainerDeps {
	db: KilnDb;
	fetch: FetchLike;
	now: () => number;
	timers: Timers;
	random: () => number;
	/** navigator.locks; null where missing (tests, old browsers): then only this context guards. */
	locks: LockManagerLike | null;
	log: Logger;
	onChange?: (status: DrainerStatus) => void;
	/** navigator.onLine, to tell "device offline" from "server unreachable". */
	isOnline?: () => boolean;
	baseUrl?: string;
	batchSize?: number;
	timeoutMs?: number;
	/** false in the service worker: the browser re-fires the sync event instead of our timer. */
	autoRetry?: boolean;
}

export type DrainOutcome = 'synced' | 'retry' | 'sign_in' | 'revoked' | 'not_enrolled';

export interface DrainerStatus {
	phase: 'idle' | 'pushing' | 'pulling';
	/** Consecutive failed attempts; 0 after any success. */
	failures: number;
	nextRetryAt: number | null;
	lastOutcome: DrainOutcome | null;
}

export const LOCK_NAME = 'kilnboard-drain';

export class Drainer {
	status: DrainerStatus = { phase: 'idle', failures: 0, nextRetryAt: null, lastOutcome: null };
	private running: Promise<DrainOutcome> | null = null;
	private rerun = false;
	private retryHandle: unknown = null;
	private windowHandle: unknown = null;
	private stopped = false;
	private missing = 0;
	/** Shrinks after a 413 so an oversized batch is split instead of failed. */
	private batchLimit = MAX_BATCH;

	constructor(private deps: DrainerDeps) {}

	/** Runs a drain now, or once more after the one in flight. Never throws. */
	drain(reason: string): Promise<DrainOutcome> {
		this.deps.log('debug', 'drain requested', { reason });
		if (this.running) {
			this.rerun = true;
			return this.running;
		}
		this.running = this.loop().finally(() => {
			this.running = null;
		});
		return this.running;
	}

	get inFlight(): boolean {
		return this.running !== null;
	}

	stop(): void {
		this.stopped = true;
		this.clearRetry();
	}

	private async loop(): Promise<DrainOutcome> {
		let outcome: DrainOutcome;
		do {
			this.rerun = false;
			outcome = await this.locked();
		} while (this.rerun && outcome === 'synced');
		return outcome;
	}

	private async locked(): Promise<DrainOutcome> {
		try {
			const { locks } = this.deps;
			return await (locks ? locks.request(LOCK_NAME, () => this.once()) : this.once());
		} catch (err) {
			// IndexedDB or a bug: keep the rows, report, retry later.
			this.deps.log('error', 'drain crashed', { error: String(err) });
			await this.noteError('client_error', String(err)).catch(() => undefined);
			return this.scheduleRetry(null);
		} finally {
			this.setStatus({ phase: 'idle' });
		}
	}

	private async once(): Promise<DrainOutcome> {
		const { db } = this.deps;
		const meta = await readMeta(db);
		if (!meta.deviceId || !meta.token) return this.finish('not_enrolled');
		await resetSyncing(db);
		this.missing = 0;
		if (meta.deviceRevoked) {
			await this.failAllAsRevoked();
			return this.finish('revoked');
		}
		// A row is sent at most once per drain: a server that omits a result cannot make us spin.
		const sent = new Set<number>();
		for (;;) {
			const batch = await this.claimBatch(sent);
			if (!batch.length) break;
			for (const row of batch) sent.add(row.queueRevision);
			this.setStatus({ phase: 'pushing' });
			const verdict = await this.push(meta.deviceId, meta.token, batch, sent);
			if (verdict) return verdict;
		}
		if (this.missing) {
			this.missing = 0;
			return (await this.onFailure(
				{ kind: 'retry', reason: 'server', retryAfterMs: null },
				[],
				'The server did not answer for every action; they will be resent.'
			))!;
		}
		this.setStatus({ phase: 'pulling' });
		const pulled = await pull(this.deps, meta.token);
		if (!pulled.ok) {
			const out = await this.onFailure(pulled.verdict, []);
			if (out) return out;
		}
		this.status.failures = 0;
		this.clearRetry();
		await setMeta(db, {
			lastSyncAt: new Date(this.deps.now()).toISOString(),
			lastError: null,
			serverReachable: true,
			needsSignIn: false
		});
		await pruneSynced(db, this.deps.now());
		return this.finish('synced');
	}

	/** Sends one batch; returns an outcome when the drain must stop here. */
	private async push(deviceId: string, token: string, batch: OutboxRow[], sent: Set<number>) {
		const { transport, body } = await exchange(
			this.deps.fetch,
			`${this.deps.baseUrl ?? ''}/api/sync/push`,
			{
				method: 'POST',
				headers: { 'content-type': 'application/json', authorization: deviceAuthHeader(token) },
				body: JSON.stringify({
					deviceId,
					actions: batch.map(toWire),
					ackedRevision: await ackedRevision(this.deps.db)
				})
			},
			this.deps.timers,
			this.deps.timeoutMs
		);
		const verdict = classify(transport, this.deps.now());
		if (verdict.kind === 'results') {
			const parsed = PushResponse.safeParse(body);
			if (!parsed.success) {
				this.deps.log('warn', 'push response unreadable', { issues: parsed.error.issues.length });
				return this.onFailure({ kind: 'retry', reason: 'server', retryAfterMs: null }, batch);
			}
			const counts = await recordResults(this.deps.db, batch, parsed.data.results, this.iso());
			this.missing += counts.missing;
			this.deps.log('info', 'batch recorded', { size: batch.length, ...counts });
			this.status.failures = 0;
			await setMeta(this.deps.db, { serverReachable: true, needsSignIn: false });
			return null;
		}
		if (verdict.kind === 'batch_failed' && statusOf(transport) === 413 && batch.length > 1) {
			// Too large as a batch, not as actions: send the same rows again in halves.
			this.batchLimit = Math.max(1, Math.floor(batch.length / 2));
			await unclaim(this.deps.db, batch);
			for (const r of batch) sent.delete(r.queueRevision);
			this.deps.log('info', 'batch too large; splitting', { size: batch.length });
			return null;
		}
		if (verdict.kind === 'batch_failed') {
			const msg =
				errorMessage(body) ?? `The server refused the batch (HTTP ${statusOf(transport)}).`;
			// When the refusal names its rows, only they fail: the others (some maybe applied on an
			// earlier try whose answer was lost) go again and get their own results.
			const named = verdict.code === 'invalid' ? namedRows(body, batch) : [];
			const failing = named.length ? named : batch;
			await failRows(
				this.deps.db,
				failing.map((r) => r.queueRevision),
				verdict.code,
				msg,
				this.iso()
			);
			if (named.length) {
				const rest = batch.filter((r) => !named.includes(r));
				await unclaim(this.deps.db, rest);
				for (const r of rest) sent.delete(r.queueRevision);
			}
			await this.noteError(verdict.code, msg);
			return null;
		}
		return this.onFailure(verdict, batch, errorMessage(body));
	}

	private async onFailure(verdict: Verdict, batch: OutboxRow[], msg?: string | null) {
		const { db } = this.deps;
		await unclaim(db, batch);
		if (verdict.kind === 'sign_in') {
			await setMeta(db, { needsSignIn: true, serverReachable: true });
			await this.noteError('unauthenticated', msg ?? 'This kiosk must be signed in again.');
			return this.finish('sign_in');
		}
		if (verdict.kind === 'revoked') {
			await setMeta(db, { deviceRevoked: true, serverReachable: true });
			await this.failAllAsRevoked();
			return this.finish('revoked');
		}
		if (verdict.kind === 'retry') {
			const online = this.deps.isOnline?.() ?? true;
			await setMeta(db, { serverReachable: verdict.reason === 'throttled' });
			await this.noteError(
				online ? verdict.reason : 'offline',
				msg ?? describeRetry(verdict.reason, online)
			);
			return this.scheduleRetry(verdict.retryAfterMs);
		}
		if (verdict.kind === 'batch_failed') {
			// Only a pull gets here (push handles its own refusals): report and try later.
			await this.noteError(verdict.code, msg ?? 'The server refused to send changes.');
			return this.scheduleRetry(null);
		}
		return null;
	}

	private async failAllAsRevoked() {
		const { db } = this.deps;
		const rows = await db.outbox.where('state').anyOf('pending', 'held', 'syncing').primaryKeys();
		await failRows(
			db,
			rows,
			'permission',
			'This tablet’s kiosk enrolment was revoked by an admin; its queued actions were not sent. Export the queue and re-enter them from an enrolled kiosk.',
			this.iso()
		);
	}

	private scheduleRetry(retryAfterMs: number | null): DrainOutcome {
		this.status.failures++;
		const delay = retryDelay(this.status.failures, this.deps.random, retryAfterMs);
		this.clearRetry();
		if (!this.stopped && this.deps.autoRetry !== false) {
			this.retryHandle = this.deps.timers.setTimeout(() => {
				this.retryHandle = null;
				void this.drain('backoff');
			}, delay);
		}
		this.setStatus({ nextRetryAt: this.deps.now() + delay });
		return this.finish('retry');
	}

	/** Drains again when the earliest undo window (`sendAfter`) ends, so held-back rows go out. */
	private wakeAtWindowEnd(rows: readonly OutboxRow[], at: string) {
		const next = rows.reduce<string | null>(
			(m, r) => (r.sendAfter && r.sendAfter > at && (!m || r.sendAfter < m) ? r.sendAfter : m),
			null
		);
		if (this.windowHandle !== null) this.deps.timers.clearTimeout(this.windowHandle);
		this.windowHandle = null;
		if (!next || this.stopped || this.deps.autoRetry === false) return;
		this.windowHandle = this.deps.timers.setTimeout(
			() => {
				this.windowHandle = null;
				void this.drain('undo-window');
			},
			Date.parse(next) - Date.parse(at) + 50
		);
	}

	private clearRetry() {
		if (this.retryHandle !== null) this.deps.timers.clearTimeout(this.retryHandle);
		this.retryHandle = null;
		this.status.nextRetryAt = null;
	}

	/** Picks the next batch and marks it 'syncing' in one transaction (holds applied too). */
	private async claimBatch(sent: ReadonlySet<number>): Promise<OutboxRow[]> {
		const { db } = this.deps;
		const at = this.iso();
		return db.transaction('rw', [db.outbox, db.archive, db.meta], async () => {
			await releaseResolved(db, at);
			const rows = await db.outbox.where('state').anyOf('pending', 'held', 'failed').toArray();
			const plan = planBatch(
				rows,
				Math.min(this.deps.batchSize ?? MAX_BATCH, this.batchLimit),
				sent,
				at
			);
			this.wakeAtWindowEnd(rows, at);
			for (const h of plan.hold)
				await db.outbox.update(h.queueRevision, { state: 'held', heldBy: h.heldBy });
			for (const rev of plan.release)
				await db.outbox.update(rev, { state: 'pending', heldBy: undefined });
			for (const row of plan.send)
				await db.outbox.update(row.queueRevision, {
					state: 'syncing',
					attempts: (row.attempts ?? 0) + 1,
					lastAttemptAt: at
				});
			return plan.send;
		});
	}

	private async noteError(code: string, message: string) {
		await setMeta(this.deps.db, { lastError: { code, message, at: this.iso() } });
	}

	private finish(outcome: DrainOutcome): DrainOutcome {
		this.setStatus({ lastOutcome: outcome });
		return outcome;
	}

	private setStatus(patch: Partial<DrainerStatus>) {
		this.status = { ...this.status, ...patch };
		this.deps.onChange?.(this.status);
	}

	private iso() {
		return new Date(this.deps.now()).toISOString();
	}
}

/** Longest a background drain waits for held rows: undo windows last seconds, a sync event minutes. */
export const HOLD_WAIT_LIMIT_MS = 30_000;

/** Epoch ms at which the earliest unsent row's undo window (`sendAfter`) ends; null if none waits. */
export async function nextWindowEnd(db: KilnDb, nowMs: number): Promise<number | null> {
	const at = new Date(nowMs).toISOString();
	let next: number | null = null;
	await db.outbox
		.where('state')
		.equals('pending')
		.each((r) => {
			if (r.sendAfter && r.sendAfter > at) {
				const end = Date.parse(r.sendAfter);
				if (next === null || end < next) next = end;
			}
		});
	return next;
}

export interface HoldClock {
	now: () => number;
	sleep: (ms: number) => Promise<void>;
}

/**
 * A drain that also sends the rows held back for an undo window. The page's drainer wakes at a
 * window's end by its own timer; with no page open nothing would, so the service worker's drain
 * waits (inside the sync event) until each held row is due, then drains again. Undo pressed
 * meanwhile simply leaves nothing to send. Waits at most HOLD_WAIT_LIMIT_MS in all.
 */
export async function drainThroughHolds(
	drainer: Drainer,
	db: KilnDb,
	clock: HoldClock,
	reason: string
): Promise<DrainOutcome> {
	let outcome = await drainer.drain(reason);
	const deadline = clock.now() + HOLD_WAIT_LIMIT_MS;
	while (outcome === 'synced') {
		const due = await nextWindowEnd(db, clock.now());
		if (due === null || due > deadline) break;
		await clock.sleep(Math.max(0, due - clock.now()) + 50);
		outcome = await drainer.drain('undo-window');
	}
	return outcome;
}

/** Rows a dead drainer left 'syncing'; safe to resend because the server is idempotent. */
export async function resetSyncing(db: KilnDb): Promise<number> {
	return db.outbox.where('state').equals('syncing').modify({ state: 'pending' });
}

async function unclaim(db: KilnDb, batch: OutboxRow[]) {
	if (!batch.length) return;
	await db.transaction('rw', db.outbox, async () => {
		for (const row of batch) {
			const now = await db.outbox.get(row.queueRevision);
			if (now?.state === 'syncing') await db.outbox.update(row.queueRevision, { state: 'pending' });
		}
	});
}

/** Rows a 400's issues point at (paths `['actions', <index>, …]`, indices into the batch as sent). */
export function namedRows(body: unknown, batch: readonly OutboxRow[]): OutboxRow[] {
	const parsed = ErrorBody.safeParse(body);
	const picked = new Set<OutboxRow>();
	for (const issue of parsed.success ? (parsed.data.error.issues ?? []) : []) {
		const [head, index] = issue.path;
		const row = head === 'actions' && typeof index === 'number' ? batch[index] : undefined;
		if (row) picked.add(row);
	}
	return [...picked];
}

export function toWire(row: OutboxRow): WireAction {
	return {
		queueRevision: row.queueRevision,
		actorUid: row.actorUid,
		reservationId: row.reservationId,
		baseVersion: row.baseVersion,
		createdAt: row.createdAt,
		type: row.type,
		payload: row.payload,
		...(row.proof ? { proof: row.proof } : {})
	} as WireAction;
}

function statusOf(t: { kind: string; status?: number }) {
	return t.kind === 'response' ? t.status : t.kind;
}

function describeRetry(reason: string, online: boolean): string {
	if (!online)
		return 'This tablet is offline; actions are kept and will be sent when it reconnects.';
	if (reason === 'throttled') return 'The server asked us to slow down; retrying shortly.';
	if (reason === 'timeout') return 'The server took too long to answer; retrying.';
	return 'The server could not be reached; retrying with backoff.';
}
