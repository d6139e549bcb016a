import { applyAction } from '../domain/apply';
import type { ApplyContext } from '../domain/context';
import { noEffects, type Effects } from '../domain/effects';
import { FAILURE_TEXT } from '../domain/outcome';
import { DEPENDS_ON } from '../domain/policy';
import { computeQueueHints } from '../domain/queue';
import type { FieldGroup, Reservation } from '../domain/reservation';
import type { Station } from '../domain/stations';
import type { ActionResult, WireAction } from '../sync/contract';
import { ACTOR_REFUSAL_TEXT, checkActor, type PersonRow } from './actor';
import { targetStation, type ReservationAction } from './apply-one';
import type { Refusal } from './audit';
import {
	appendChangesBulk,
	claimAll,
	foreignChanges,
	insertEffects,
	insertHistory,
	insertRefusals,
	insertReservations,
	loadPeople,
	loadReservations,
	loadStationRows,
	lockStationRows,
	storedResults,
	storeResults,
	updateReservations,
	type HistoryRow
} from './batch-rows';
import { changedGroups, type Change } from './change-log';
import type { ApplyDeps } from './deps';
import { withQueueHints } from './queue-hints';
import { loadPeers, loadReservation } from './reservation-rows';
import { appliedResult, refusedResult } from './results';
import { applyStationAction } from './station-action';
import { RetryTransaction, withRetry } from './store/retry';
import type { Queryable } from './store/types';

export interface BatchOutcome {
	/** One answer per action, in the order given. */
	results: ActionResult[];
	/** Highest change-log seq the batch wrote; 0 when it changed nothing. */
	seq: number;
}

/**
 * Applies a push batch (sorted by queueRevision) in ONE transaction, with the same answers as
 * `applyOne` per action: claim first (all at once, in revision order), then per action
 * authorize → stale check → domain, then queue hints once per touched station and multi-row
 * writes. An action's writes are staged in memory and join the batch only when it is applied,
 * so a refused action writes nothing (its in-memory savepoint). Once an action on a reservation
 * is refused, the batch's later actions on it are `held`. Any database error rolls back the
 * whole batch (nothing of it committed) and the kiosk resends it: actions are idempotent.
 */
export function applyBatch(
	deps: ApplyDeps,
	deviceId: string,
	actions: readonly WireAction[]
): Promise<BatchOutcome> {
	return withRetry(() =>
		deps.store.transaction((tx) => new Batch(tx, deps, deviceId).run(actions))
	);
}

type Foreign = Map<string, { version: number; groups: string[] }[]>;

/** One attempt at a batch; its caches live exactly as long as its transaction. */
class Batch {
	/** Current state of every card this batch knows (locked, or on a locked station), null = absent. */
	private readonly rows = new Map<string, Reservation | null>();
	/** Cards changed by this batch (written once at the end); `fresh` ones are inserted. */
	private readonly dirty = new Set<string>();
	private readonly fresh = new Set<string>();
	private readonly lockedStations = new Set<string>();
	/** Non-archived cards per locked station, loaded on first use and kept up to date. */
	private readonly onStation = new Map<string, Set<string>>();
	private readonly touched = new Set<string>();
	private stations: Station[] = [];
	private people = new Map<string, PersonRow>();
	private foreign: Foreign = new Map();
	private readonly history: HistoryRow[] = [];
	private readonly effects: Effects = noEffects();
	private readonly refusals: Refusal[] = [];
	private readonly changes: Change[] = [];
	/** Results this batch decided (to store); replays are answered, not stored again. */
	private readonly decided: ActionResult[] = [];
	private seq = 0;

	constructor(
		private readonly tx: Queryable,
		private readonly deps: ApplyDeps,
		private readonly deviceId: string
	) {}

	async run(actions: readonly WireAction[]): Promise<BatchOutcome> {
		const first = new Map<number, WireAction>();
		for (const a of actions) if (!first.has(a.queueRevision)) first.set(a.queueRevision, a);
		const claimed = await claimAll(this.tx, this.deviceId, [...first.values()], this.deps.now());
		const replays = await storedResults(
			this.tx,
			this.deviceId,
			[...first.keys()].filter((r) => !claimed.has(r))
		);
		await this.prefetch([...first.values()].filter((a) => claimed.has(a.queueRevision)));

		const answered = new Map<number, ActionResult>();
		const blocked = new Map<string, number>();
		const results: ActionResult[] = [];
		for (const a of actions) {
			const earlier = answered.get(a.queueRevision) ?? replays.get(a.queueRevision);
			const key = a.reservationId ?? '';
			const blocker = a.reservationId ? blocked.get(key) : undefined;
			let result: ActionResult;
			if (earlier) result = { ...earlier, replay: true };
			else {
				result =
					blocker !== undefined ? this.hold(a, blocker) : await this.decide(a, this.deps.now());
				this.decided.push(result);
				answered.set(a.queueRevision, result);
			}
			results.push(result);
			if (a.reservationId && result.status !== 'applied' && !blocked.has(key))
				blocked.set(key, a.queueRevision);
		}
		await this.flush();
		// Answers carry the card as committed (with its final queue hint).
		return { results: results.map((r) => this.finalCopy(r)), seq: this.seq };
	}

	/**
	 * Loads what every claimed action needs in a few statements: stations, actors, the cards
	 * (locked in id order, after their stations, the single lock order), and other devices'
	 * change-log rows for the stale checks (complete: the cards stay locked to commit).
	 */
	private async prefetch(todo: readonly WireAction[]): Promise<void> {
		this.stations = await loadStationRows(this.tx);
		this.people = await loadPeople(
			this.tx,
			todo.map((a) => a.actorUid)
		);
		const ids = [...new Set(todo.map((a) => a.reservationId).filter((x): x is string => !!x))];
		if (ids.length === 0) return;
		const peek = new Map((await loadReservations(this.tx, ids, false)).map((r) => [r.id, r]));
		const wanted = new Set<string>();
		for (const a of todo) {
			if (a.type === 'station.availability' || !a.reservationId) continue;
			const st = peek.get(a.reservationId)?.assignedStationId;
			const target = targetStation(a as ReservationAction, this.stations);
			if (st) wanted.add(st);
			if (target) wanted.add(target);
		}
		await this.lockStations(wanted);
		for (const id of ids) this.rows.set(id, null);
		for (const r of await loadReservations(this.tx, ids, true)) {
			// A card moved station between the peek and its lock: start again with fresh reads.
			if (r.assignedStationId && !this.lockedStations.has(r.assignedStationId))
				throw new RetryTransaction('reservation moved station while locking');
			this.rows.set(r.id, r);
		}
		this.foreign = await foreignChanges(this.tx, ids, this.deviceId);
	}

	private async lockStations(ids: Iterable<string>): Promise<void> {
		const missing = [...ids].filter((s) => !this.lockedStations.has(s));
		if (missing.length === 0) return;
		await lockStationRows(this.tx, missing);
		for (const s of missing) this.lockedStations.add(s);
	}

	private hold(a: WireAction, blockedBy: number): ActionResult {
		const current = a.reservationId ? (this.rows.get(a.reservationId) ?? null) : null;
		const at = this.deps.now();
		return refusedResult(a.queueRevision, 'held', FAILURE_TEXT.held, { blockedBy }, current, at);
	}

	private async decide(a: WireAction, now: string): Promise<ActionResult> {
		const actor = checkActor(this.people.get(a.actorUid), a.actorUid, a.type);
		if (!actor.ok) {
			this.refusals.push({
				deviceId: this.deviceId,
				actorUid: a.actorUid,
				code: 'permission',
				at: now,
				detail: { reason: actor.reason, type: a.type, queueRevision: a.queueRevision }
			});
			const current = a.reservationId ? (this.rows.get(a.reservationId) ?? null) : null;
			return refusedResult(
				a.queueRevision,
				'permission',
				ACTOR_REFUSAL_TEXT[actor.reason],
				{ reason: actor.reason, actorUid: a.actorUid },
				current,
				now
			);
		}
		const base = {
			now,
			actor: { uid: actor.uid, role: actor.role },
			requestId: `${this.deviceId}:${a.queueRevision}`
		};
		if (a.type === 'station.availability') {
			// Rare: written at once (it locks its station row and logs its own change).
			const out = await applyStationAction(this.tx, a, this.deviceId, base);
			this.seq = Math.max(this.seq, out.seq);
			this.stations = await loadStationRows(this.tx);
			return out.result;
		}
		if (!a.reservationId) throw new Error('reservation action without reservationId');
		return this.decideReservation(a as WireAction & ReservationAction, a.reservationId, base);
	}

	private async decideReservation(
		a: WireAction & ReservationAction,
		id: string,
		base: Pick<ApplyContext, 'now' | 'actor' | 'requestId'>
	): Promise<ActionResult> {
		const { now } = base;
		const stations = this.stations;
		const current = this.rows.get(id) ?? null;
		const wanted = [
			...new Set(
				[current?.assignedStationId, targetStation(a, stations)].filter((s): s is string => !!s)
			)
		].sort();
		await this.lockStations(wanted);

		if (current) {
			const stale = this.staleGroups(id, a);
			if (stale.length > 0) {
				const details = {
					groups: stale,
					baseVersion: a.baseVersion,
					currentVersion: current.version
				};
				return refusedResult(a.queueRevision, 'stale', FAILURE_TEXT.stale, details, current, now);
			}
		}

		const peers = new Map<string, Reservation[]>();
		// Assignment also suggests other stations with room: those are read unlocked (advice only).
		const peerStations =
			a.type === 'reservation.assign_station' ? stations.map((s) => s.id) : wanted;
		for (const s of peerStations)
			peers.set(s, this.lockedStations.has(s) ? await this.peersOf(s) : await this.advice(s));
		const ctx: ApplyContext = { ...base, stations, stationPeers: (s) => peers.get(s) ?? [] };
		const out = applyAction(current, a, id, ctx);
		if (!out.ok)
			return refusedResult(
				a.queueRevision,
				out.code,
				out.message,
				out.details ?? null,
				current,
				now
			);
		if (out.noop) return appliedResult(a.queueRevision, out.reservation, true, now);

		if (out.created && (await this.exists(out.created.id))) {
			const msg = `A reservation with id ${out.created.id} already exists.`;
			const details = { id: out.created.id };
			return refusedResult(a.queueRevision, 'conflict', msg, details, current, now);
		}
		// Acted cards get their hint now (later actions in the batch see it, as one by one);
		// peers' hints are settled once per station when the batch ends.
		const hinted = withQueueHints(
			out.created ? [out.reservation, out.created] : [out.reservation],
			peers,
			wanted,
			now
		);
		const [next, created] = hinted.acted;
		this.stage(next, current, now, changedGroups(current, next));
		if (created) {
			if (this.rows.get(created.id)) throw new RetryTransaction('created raced');
			this.stage(created, null, now, []);
		}
		this.effects.notifications.push(...out.effects.notifications);
		this.effects.fairnessAudit.push(...out.effects.fairnessAudit);
		this.effects.storageAudit.push(...out.effects.storageAudit);
		return appliedResult(a.queueRevision, next, false, now);
	}

	/** Same rule as `staleGroups` in change-log.ts, on the rows prefetched for the batch. */
	private staleGroups(id: string, a: WireAction): string[] {
		const wanted: readonly FieldGroup[] = DEPENDS_ON[a.type];
		if (wanted.length === 0) return [];
		const hit = new Set<string>();
		for (const c of this.foreign.get(id) ?? [])
			if (c.version > a.baseVersion)
				for (const g of c.groups) if (wanted.includes(g as FieldGroup)) hit.add(g);
		return [...hit].sort();
	}

	private async exists(id: string): Promise<boolean> {
		if (this.rows.has(id)) return this.rows.get(id) !== null;
		return (await loadReservation(this.tx, id)) !== null;
	}

	/** Records a card's new state, its history rows and its change-log row (written at the end). */
	private stage(r: Reservation, before: Reservation | null, at: string, groups: string[]): void {
		const prev = this.rows.get(r.id) ?? null;
		if (!before && !this.dirty.has(r.id)) this.fresh.add(r.id);
		for (let idx = before?.stageHistory.length ?? 0; idx < r.stageHistory.length; idx++)
			this.history.push({ reservationId: r.id, idx, entry: r.stageHistory[idx] });
		this.changes.push({
			reservationId: r.id,
			deviceId: this.deviceId,
			version: r.version,
			groups,
			at
		});
		this.put(r, prev);
	}

	/** Puts a card's state in the cache and keeps the per-station sets in step. */
	private put(r: Reservation, prev: Reservation | null): void {
		if (prev?.assignedStationId) {
			this.onStation.get(prev.assignedStationId)?.delete(r.id);
			this.touched.add(prev.assignedStationId);
		}
		this.rows.set(r.id, r);
		this.dirty.add(r.id);
		if (r.assignedStationId) {
			this.touched.add(r.assignedStationId);
			if (!r.isArchived) this.onStation.get(r.assignedStationId)?.add(r.id);
		}
	}

	/** Non-archived cards on a LOCKED station: read once, then kept current by `put`. */
	private async peersOf(stationId: string): Promise<Reservation[]> {
		let set = this.onStation.get(stationId);
		if (!set) {
			set = new Set();
			for (const r of await loadPeers(this.tx, stationId))
				if (!this.rows.has(r.id)) this.rows.set(r.id, r);
			for (const [id, r] of this.rows)
				if (r && r.assignedStationId === stationId && !r.isArchived) set.add(id);
			this.onStation.set(stationId, set);
		}
		return [...set].map((id) => this.rows.get(id) as Reservation);
	}

	/** Cards on an UNLOCKED station, read fresh (advice only), with this batch's changes on top. */
	private async advice(stationId: string): Promise<Reservation[]> {
		const out = new Map<string, Reservation>();
		for (const r of await loadPeers(this.tx, stationId))
			out.set(r.id, this.dirty.has(r.id) ? (this.rows.get(r.id) as Reservation) : r);
		for (const id of this.dirty) {
			const r = this.rows.get(id);
			if (r && r.assignedStationId === stationId && !r.isArchived) out.set(id, r);
			else out.delete(id);
		}
		return [...out.values()];
	}

	/** Queue hints once per touched station, then every write in a few multi-row statements. */
	private async flush(): Promise<void> {
		if (this.dirty.size > 0) await this.settleHints(this.deps.now());
		const docs = [...this.dirty].map((id) => this.rows.get(id) as Reservation);
		const inserted = await insertReservations(
			this.tx,
			docs.filter((r) => this.fresh.has(r.id))
		);
		if (inserted < this.fresh.size) throw new RetryTransaction('intake raced');
		await updateReservations(
			this.tx,
			docs.filter((r) => !this.fresh.has(r.id))
		);
		await insertHistory(this.tx, this.history);
		await insertEffects(this.tx, this.effects);
		await insertRefusals(this.tx, this.refusals);
		await storeResults(
			this.tx,
			this.deviceId,
			this.decided.map((r) => this.finalCopy(r))
		);
		// Last: the change-log lock is held from here to commit.
		this.seq = Math.max(this.seq, await appendChangesBulk(this.tx, this.changes));
	}

	/**
	 * Ranks every station this batch touched, once. Changed cards take their hint at the same
	 * version (nobody has seen them yet); other cards whose hint moved get a new version and a
	 * change-log row, as `withQueueHints` does for peers.
	 */
	private async settleHints(now: string): Promise<void> {
		await this.lockStations(this.touched);
		const all = new Map<string, Reservation>();
		for (const s of [...this.touched].sort())
			for (const r of await this.peersOf(s)) all.set(r.id, r);
		for (const id of this.dirty) all.set(id, this.rows.get(id) as Reservation);
		for (const [id, h] of computeQueueHints([...all.values()], now)) {
			const r = all.get(id) as Reservation;
			const hinted = {
				...r,
				queuePositionHint: h.queuePositionHint,
				estimatedWindow: h.estimatedWindow
			};
			if (this.dirty.has(id)) this.rows.set(id, hinted);
			else {
				const bumped = { ...hinted, version: r.version + 1 };
				this.rows.set(id, bumped);
				this.dirty.add(id);
				this.changes.push({
					reservationId: id,
					deviceId: this.deviceId,
					version: bumped.version,
					groups: [],
					at: now
				});
			}
		}
	}

	/** A decided result with the card as it will be stored, when the result shows that version. */
	private finalCopy(r: ActionResult): ActionResult {
		const shown = r.reservation;
		if (!shown || !this.dirty.has(shown.id)) return r;
		const stored = this.rows.get(shown.id);
		return stored && stored.version === shown.version ? { ...r, reservation: stored } : r;
	}
}
