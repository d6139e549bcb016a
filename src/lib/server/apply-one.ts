import { isFiringAction, type Action, type RecordAction } from '../domain/actions';
import { applyAction } from '../domain/apply';
import { staleGroups } from '../domain/groups';
import type { ApplyContext } from '../domain/context';
import { FAILURE_TEXT, type FailureCode } from '../domain/outcome';
import type { Effects } from '../domain/effects';
import type { PriceTable } from '../domain/fees';
import type { Reservation } from '../domain/reservation';
import { normalizeStationId, type Station } from '../domain/stations';
import { STORE_INT_MAX, type ActionResult, type WireAction } from '../sync/contract';
import { ACTOR_REFUSAL_TEXT, authorizeActor, authorizeLoaded, type ActorRow } from './actor';
import { recordRefusal, type Refusal } from './audit';
import { appendChanges, changedGroups, groupsChangedByOthers, type Change } from './change-log';
import { claimOrReplay, storeResult } from './claim';
import type { ApplyDeps } from './deps';
import { loadPrices } from './prices';
import { serverSecret, studioTimeZone } from './studio-config';
import {
	historyRows,
	insertHistory,
	insertReservation,
	loadPeers,
	loadReservation,
	loadStations,
	lockStations,
	updateReservation,
	writeEffects,
	type HistoryRow
} from './reservation-rows';
import { appliedResult, refusedResult } from './results';
import { applyStationAction } from './station-action';
import { issueStatusLink, newStatusLink, type StatusLinkRow } from './status-page';
import { applyFiringAction } from './apply-firing';
import { RetryTransaction, withRetry } from './store/retry';
import type { Queryable } from './store/types';

export interface Outcome {
	result: ActionResult;
	/** Highest change-log seq this action wrote; 0 when it changed nothing. */
	seq: number;
	/** A reservation this action created: its new status-page token (shown once, never stored). */
	statusToken?: string;
}

export type ReservationAction = Exclude<Action, RecordAction>;

/**
 * Applies one queued action in its own transaction, exactly once per (device, queueRevision):
 * claim → authorize → lock → stale check → domain → write → change log → stored result.
 * A refusal is stored and committed too, so a resend answers the same.
 */
export async function applyOne(deps: ApplyDeps, deviceId: string, a: WireAction): Promise<Outcome> {
	const bound = wireBoundsIssue(a);
	if (bound) return refuseOne(deps, deviceId, a, 'invalid', bound.message, { path: bound.path });
	try {
		return await withRetry(() =>
			deps.store.transaction(async (tx) => {
				const now = deps.now();
				const replay = await claimOrReplay(tx, deviceId, a, now);
				if (replay) return { result: replay, seq: 0 };
				const staged: Staged = { stations: null, history: [], changes: [] };
				const decided = await decide(tx, deviceId, a, now, { actors: null, staged });
				await insertHistory(tx, staged.history);
				const seq = Math.max(decided.seq, await appendChanges(tx, staged.changes));
				const out = { result: decided.result, seq };
				await storeResult(tx, deviceId, out.result);
				if (out.result.status === 'rejected') await auditRefusal(tx, deviceId, a, out.result, now);
				return out;
			})
		);
	} catch (err) {
		if (storeOutage(err)) throw err; // the whole push answers 503; the kiosk retries
		// A poison action: its own input made the apply throw. Its transaction rolled back; store
		// a visible `invalid` answer in a fresh one so the rest of the queue goes through.
		deps.log.error('action failed to apply', {
			deviceId,
			queueRevision: a.queueRevision,
			type: a.type,
			error: String(err)
		});
		return refuseOne(deps, deviceId, a, 'invalid', POISON_TEXT, { error: 'apply_failed' });
	}
}

export const POISON_TEXT =
	'The server could not apply this action (its data could not be stored) and did not change the card. Check it and enter it again.';

/** Errors that mean the store itself is unreachable or overloaded, not this action's fault. */
export function storeOutage(err: unknown): boolean {
	const code = (err as { code?: unknown } | null)?.code;
	if (typeof code !== 'string') return false;
	// SQLSTATE classes: connection, resources, operator intervention, system, serialization.
	if (/^(08|53|57|58|40)/.test(code)) return true;
	// node errno (ECONNREFUSED …) and simulated crashes.
	return /^E[A-Z]+$/.test(code) || code === 'nemesis_store_died';
}

/** A wire number the store's int4 columns cannot hold is refused per action, not per batch. */
export function wireBoundsIssue(
	a: WireAction
): { path: (string | number)[]; message: string } | null {
	if (a.queueRevision > STORE_INT_MAX)
		return { path: ['queueRevision'], message: 'queueRevision is larger than the server stores.' };
	if (a.baseVersion > STORE_INT_MAX)
		return { path: ['baseVersion'], message: 'baseVersion is larger than any server version.' };
	return null;
}

/**
 * Stores a refusal the apply step did not decide (a bound, a poison action), audited. A
 * revision the store cannot key is answered without being stored (the answer is deterministic).
 */
async function refuseOne(
	deps: ApplyDeps,
	deviceId: string,
	a: WireAction,
	code: FailureCode,
	message: string,
	details: Record<string, unknown>
): Promise<Outcome> {
	const now = deps.now();
	if (a.queueRevision > STORE_INT_MAX) {
		const result = refusedResult(a.queueRevision, code, message, details, null, now);
		await auditRefusal(deps.store, deviceId, a, result, now);
		return { result, seq: 0 };
	}
	return withRetry(() =>
		deps.store.transaction(async (tx) => {
			const replay = await claimOrReplay(tx, deviceId, a, now);
			if (replay) return { result: replay, seq: 0 };
			const result = refusedResult(a.queueRevision, code, message, details, null, now);
			await storeResult(tx, deviceId, result);
			await auditRefusal(tx, deviceId, a, result, now);
			return { result, seq: 0 };
		})
	);
}

/** Every refused action is audited once (a replay answers from the stored result instead). */
export function refusalOf(
	deviceId: string,
	a: WireAction,
	result: ActionResult,
	at: string
): Refusal | null {
	if (result.status !== 'rejected') return null;
	const reason = result.details?.reason;
	return {
		deviceId,
		actorUid: a.actorUid,
		code: result.code,
		at,
		detail: {
			type: a.type,
			queueRevision: a.queueRevision,
			reservationId: a.reservationId,
			message: result.message,
			...(reason !== undefined ? { reason } : {})
		}
	};
}

async function auditRefusal(
	q: Queryable,
	deviceId: string,
	a: WireAction,
	result: ActionResult,
	at: string
): Promise<void> {
	const refusal = refusalOf(deviceId, a, result, at);
	if (refusal) await recordRefusal(q, refusal);
}

/** What a batch reads once and hands to every action's decision (`actors` null: read each). */
export interface DecideEnv {
	actors: ReadonlyMap<string, ActorRow> | null;
	staged: Staged;
}

/**
 * Authorize → decide → write one claimed action inside the caller's transaction; history and
 * change-log rows go to `env.staged` (a station action logs its own change: `seq`).
 */
export async function decide(
	tx: Queryable,
	deviceId: string,
	a: WireAction,
	now: string,
	env: DecideEnv
): Promise<Outcome> {
	const signed = { deviceId, action: a };
	const actor = env.actors
		? await authorizeLoaded(tx, env.actors.get(a.actorUid), a.actorUid, a.type, signed)
		: await authorizeActor(tx, a.actorUid, a.type, signed);
	if (!actor.ok) {
		const current = a.reservationId ? await loadReservation(tx, a.reservationId) : null;
		const result = refusedResult(
			a.queueRevision,
			'permission',
			ACTOR_REFUSAL_TEXT[actor.reason],
			{ reason: actor.reason, actorUid: a.actorUid },
			current,
			now
		);
		return { result, seq: 0 };
	}
	const ctxBase = {
		now,
		actor: { uid: actor.uid, role: actor.role },
		requestId: `${deviceId}:${a.queueRevision}`,
		timeZone: studioTimeZone(),
		secret: serverSecret
	};
	if (a.type === 'station.availability') {
		const out = await applyStationAction(tx, a, deviceId, ctxBase);
		if (out.seq > 0) env.staged.stations = null; // later actions read the new list
		return out;
	}
	if (isFiringAction(a)) {
		// It writes cards on its own: the batch's copies of them are no longer known.
		env.staged.cards?.clear();
		// An unloaded kiln fixes each card's fee through the card's own load rule: it needs prices.
		const out = await applyFiringAction(tx, a, deviceId, {
			...ctxBase,
			prices: await batchPrices(tx, env.staged)
		});
		if (out.seq > 0 && a.type === 'station.element_change') env.staged.stations = null;
		return out;
	}
	if (!a.reservationId) throw new Error('reservation action without reservationId');
	if (env.staged.stations === null) env.staged.stations = await loadStations(tx);
	return stageReservation(
		tx,
		deviceId,
		a as WireAction & ReservationAction,
		a.reservationId,
		ctxBase,
		env.staged
	);
}

/** The station an action moves the card onto, if any (it must be locked too). */
export function targetStation(a: ReservationAction, stations: readonly Station[]): string | null {
	if (a.type === 'reservation.assign_station')
		return normalizeStationId(a.payload.assignedStationId, stations);
	if (a.type === 'reservation.intake' && a.payload.assignedStationId)
		return normalizeStationId(a.payload.assignedStationId, stations);
	return null;
}

/**
 * Decide and write one reservation action inside the caller's transaction, with no device claim:
 * for callers that authorize on their own (the public request page acts as `client`).
 */
export async function decideReservation(
	tx: Queryable,
	_deps: ApplyDeps,
	deviceId: string,
	a: WireAction & ReservationAction,
	id: string,
	base: Pick<ApplyContext, 'now' | 'actor' | 'requestId' | 'timeZone' | 'secret'>
): Promise<Outcome> {
	const staged: Staged = { stations: null, history: [], changes: [] };
	const out = await stageReservation(tx, deviceId, a, id, base, staged);
	await insertHistory(tx, staged.history);
	return {
		result: out.result,
		seq: await appendChanges(tx, staged.changes),
		statusToken: out.statusToken
	};
}

/** The batch's price table, read once; a lone action (no batch read) reads it now. */
const batchPrices = async (tx: Queryable, staged: Staged) =>
	staged.prices !== undefined ? staged.prices : await loadPrices(tx);

/**
 * What a batch collects from its actions and writes set-wise at its end: history rows and
 * change-log rows (the card rows themselves are written at once, so later actions read them).
 * `stations` is the batch's one read of the station list (null: read it now).
 */
export interface Staged {
	stations: Station[] | null;
	/** The batch's one read of the price table (undefined: read it now). */
	prices?: PriceTable | null;
	history: HistoryRow[];
	changes: Change[];
	/**
	 * A batch's copies of its cards as stored in this transaction (null: no such card), read
	 * once and kept up to date by its writes; an id missing here is read from the store.
	 */
	cards?: Map<string, Reservation | null>;
	/** When set, notification/audit rows and status links are collected for one write each. */
	effects?: Effects[];
	links?: StatusLinkRow[];
}

/** Issues a new card's status link now, or stages it for the batch's one write. */
async function statusLink(tx: Queryable, staged: Staged, id: string, now: string): Promise<string> {
	if (!staged.links) return issueStatusLink(tx, id, now);
	const link = newStatusLink(id, now);
	staged.links.push(link);
	return link.token;
}

/**
 * Decides one reservation action and writes its card rows, staging its history and change-log
 * rows in `staged` (the caller writes them, last). Returns seq 0: the seq comes with the write.
 */
export async function stageReservation(
	tx: Queryable,
	deviceId: string,
	a: WireAction & ReservationAction,
	id: string,
	base: Pick<ApplyContext, 'now' | 'actor' | 'requestId' | 'timeZone' | 'secret'>,
	staged: Staged
): Promise<Outcome> {
	const { now } = base;
	const stations = staged.stations ?? (await loadStations(tx));
	// Stations first (sorted), then the card: a single lock order. The card's station is read
	// unlocked to pick the locks and re-checked once the card is locked.
	const known = staged.cards?.has(id) ?? false;
	const peek = known ? (staged.cards!.get(id) ?? null) : await loadReservation(tx, id);
	const wanted = [peek?.assignedStationId, targetStation(a, stations)].filter(
		(s): s is string => !!s
	);
	const locked = await lockStations(tx, wanted);
	// An intake of a card this transaction saw absent skips the locked read: if another one
	// commits the same id meanwhile, the insert below finds it and the batch runs again.
	const current =
		known && peek === null && a.type === 'reservation.intake'
			? null
			: await loadReservation(tx, id, true);
	if (current?.assignedStationId && !locked.includes(current.assignedStationId)) {
		throw new RetryTransaction('reservation moved station while locking');
	}

	if (current) {
		const stale = staleGroups(a.type, await groupsChangedByOthers(tx, id, a.baseVersion, deviceId));
		if (stale.length > 0) {
			const details = {
				groups: stale,
				baseVersion: a.baseVersion,
				currentVersion: current.version
			};
			return {
				result: refusedResult(a.queueRevision, 'stale', FAILURE_TEXT.stale, details, current, now),
				seq: 0
			};
		}
	}

	const peers = new Map<string, Reservation[]>();
	// Assignment also suggests other stations with room: read those unlocked (advice only).
	const peerStations = a.type === 'reservation.assign_station' ? stations.map((s) => s.id) : locked;
	for (const s of peerStations) peers.set(s, await loadPeers(tx, s));
	const ctx: ApplyContext = {
		...base,
		stations,
		stationPeers: (s) => peers.get(s) ?? [],
		prices: await batchPrices(tx, staged)
	};
	const out = applyAction(current, a, id, ctx);
	if (!out.ok) {
		const result = refusedResult(
			a.queueRevision,
			out.code,
			out.message,
			out.details ?? null,
			current,
			now
		);
		return { result, seq: 0 };
	}
	if (out.noop)
		return { result: appliedResult(a.queueRevision, out.reservation, true, now), seq: 0 };

	if (out.created && (await loadReservation(tx, out.created.id))) {
		const msg = `A reservation with id ${out.created.id} already exists.`;
		return {
			result: refusedResult(a.queueRevision, 'conflict', msg, { id: out.created.id }, current, now),
			seq: 0
		};
	}
	const next = out.reservation;
	const created = out.created;
	if (current) await updateReservation(tx, next);
	else if (!(await insertReservation(tx, next))) throw new RetryTransaction('intake raced');
	staged.cards?.set(id, next);
	// Every new reservation gets its customer status link, so the first message can carry it.
	const statusToken = current ? undefined : await statusLink(tx, staged, id, now);
	staged.history.push(...historyRows(next, current?.stageHistory.length ?? 0));
	const changes: Change[] = [
		{
			reservationId: id,
			deviceId,
			version: next.version,
			groups: changedGroups(current, next),
			at: now
		}
	];
	if (created) {
		if (!(await insertReservation(tx, created))) throw new RetryTransaction('created raced');
		staged.cards?.set(created.id, created);
		staged.history.push(...historyRows(created, 0));
		await statusLink(tx, staged, created.id, now);
		changes.push({
			reservationId: created.id,
			deviceId,
			version: created.version,
			groups: [],
			at: now
		});
	}
	if (staged.effects) staged.effects.push(out.effects);
	else await writeEffects(tx, out.effects);
	// Peers' rows are covered by their station's lock, which every writer on that station holds.
	for (const moved of out.peers) {
		const peer = { ...moved, version: moved.version + 1 };
		await updateReservation(tx, peer);
		staged.cards?.set(peer.id, peer);
		changes.push({ reservationId: peer.id, deviceId, version: peer.version, groups: [], at: now });
	}
	staged.changes.push(...changes);
	return { result: appliedResult(a.queueRevision, next, false, now), seq: 0, statusToken };
}
