import type { Effects } from '../domain/effects';
import { HoldTracker } from '../domain/holds';
import { FAILURE_TEXT, type FailureCode } from '../domain/outcome';
import { STORE_INT_MAX, type ActionResult, type WireAction } from '../sync/contract';
import {
	decide,
	POISON_TEXT,
	refusalOf,
	storeOutage,
	wireBoundsIssue,
	type Staged
} from './apply-one';
import { recordRefusal, type Refusal } from './audit';
import {
	claimAll,
	insertEffects,
	insertRefusals,
	insertStatusLinks,
	loadActors,
	loadCards,
	storeResults
} from './batch-rows';
import { appendChanges } from './change-log';
import { claimOrReplay } from './claim';
import type { ApplyDeps } from './deps';
import { loadPrices } from './prices';
import { insertHistory, loadReservation, loadStations } from './reservation-rows';
import { refusedResult } from './results';
import type { StatusLinkRow } from './status-page';
import { retryable, withRetry } from './store/retry';
import type { Queryable } from './store/types';

export interface BatchOutcome {
	/** One answer per action, in the order given. */
	results: ActionResult[];
	/** Highest change-log seq the batch wrote; 0 when it changed nothing. */
	seq: number;
}

/**
 * Applies a push batch (sorted by queueRevision) in ONE transaction with the answers
 * `applyOne` would give one by one. Every action is claimed first, in one statement; stations,
 * prices, the actors and the batch's cards are read once (the cards kept current by the batch's
 * own writes). Each action is then decided and written inside its own SAVEPOINT: an action whose
 * apply throws (poison input) rolls back alone and is answered `invalid`. Card rows are written
 * at once (a locked read or a failed write must stay that action's own); history, change-log,
 * result, notification, status-link and audit rows are collected and written set-wise at the
 * end, the change log last (its lock is held to COMMIT). A store
 * outage or a lock retry rolls back the whole batch: nothing of it is committed, and a resend
 * applies it again (actions are idempotent per device and revision).
 */
export async function applyBatch(
	deps: ApplyDeps,
	deviceId: string,
	actions: readonly WireAction[]
): Promise<BatchOutcome> {
	// A revision the store cannot key is answered without being stored (deterministic).
	const unkeyable = actions.filter((a) => a.queueRevision > STORE_INT_MAX);
	const out = await withRetry(() =>
		deps.store.transaction((tx) =>
			runBatch(
				tx,
				deps,
				deviceId,
				actions.filter((a) => a.queueRevision <= STORE_INT_MAX)
			)
		)
	);
	if (unkeyable.length === 0) return out;
	const byRev = new Map(out.results.map((r) => [r.queueRevision, r]));
	for (const a of unkeyable) {
		const now = deps.now();
		const bound = wireBoundsIssue(a)!;
		const result = refusedResult(
			a.queueRevision,
			'invalid',
			bound.message,
			{ path: bound.path },
			null,
			now
		);
		await recordRefusal(deps.store, refusalOf(deviceId, a, result, now)!);
		byRev.set(a.queueRevision, result);
	}
	return { results: actions.map((a) => byRev.get(a.queueRevision)!), seq: out.seq };
}

async function runBatch(
	tx: Queryable,
	deps: ApplyDeps,
	deviceId: string,
	actions: readonly WireAction[]
): Promise<BatchOutcome> {
	// Claimed all at once first (the order a one-by-one apply would claim them in).
	const fresh = await claimAll(tx, deviceId, actions, deps.now());
	const cards = await loadCards(
		tx,
		actions.flatMap((a) => (a.reservationId ? [a.reservationId] : []))
	);
	const effects: Effects[] = [];
	const links: StatusLinkRow[] = [];
	const staged: Staged = {
		stations: await loadStations(tx),
		prices: await loadPrices(tx),
		history: [],
		changes: [],
		cards,
		effects,
		links
	};
	const actors = await loadActors(
		tx,
		actions.map((a) => a.actorUid)
	);
	const toStore: ActionResult[] = [];
	const refusals: Refusal[] = [];
	const answered = new Map<number, ActionResult>();
	const holds = new HoldTracker();
	const results: ActionResult[] = [];
	let seq = 0;

	const settle = (a: WireAction, result: ActionResult, at: string) => {
		toStore.push(result);
		const refusal = refusalOf(deviceId, a, result, at);
		if (refusal) refusals.push(refusal);
		return result;
	};
	const refuse = async (
		a: WireAction,
		code: FailureCode,
		message: string,
		details: Record<string, unknown>,
		at: string,
		withCard: boolean
	) => {
		const card = withCard && a.reservationId ? await loadReservation(tx, a.reservationId) : null;
		return settle(a, refusedResult(a.queueRevision, code, message, details, card, at), at);
	};

	let open: string | null = null;
	for (const [i, a] of actions.entries()) {
		const earlier = answered.get(a.queueRevision);
		if (earlier) {
			// The same revision twice in one batch: answered once, the copy as a replay.
			results.push({ ...earlier, replay: true });
			continue;
		}
		const now = deps.now();
		let result: ActionResult;
		const replay = fresh.has(a.queueRevision) ? null : await claimOrReplay(tx, deviceId, a, now);
		const bound = wireBoundsIssue(a);
		const blocker = holds.blocker(a);
		if (replay) result = replay;
		else if (bound)
			result = await refuse(a, 'invalid', bound.message, { path: bound.path }, now, false);
		else if (blocker !== null)
			result = await refuse(a, 'held', FAILURE_TEXT.held, { heldBy: blocker }, now, true);
		else {
			const marks = {
				history: staged.history.length,
				changes: staged.changes.length,
				effects: effects.length,
				links: links.length
			};
			// The previous action's savepoint is released in the same round trip as this one's is
			// set (so they never nest); the last one ends with the COMMIT.
			const sp = `a${i}`;
			await tx.query(open ? `RELEASE SAVEPOINT ${open}; SAVEPOINT ${sp}` : `SAVEPOINT ${sp}`);
			open = sp;
			try {
				const out = await decide(tx, deviceId, a, now, { actors, staged });
				seq = Math.max(seq, out.seq);
				result = settle(a, out.result, now);
			} catch (err) {
				// The whole batch again (a lock guess, a race) or a 503 (the store is down).
				if (retryable(err) || storeOutage(err)) throw err;
				await tx.query(`ROLLBACK TO SAVEPOINT ${sp}`);
				staged.history.length = marks.history;
				staged.changes.length = marks.changes;
				effects.length = marks.effects;
				links.length = marks.links;
				cards.clear(); // what the store holds now is read again
				if (staged.stations === null) staged.stations = await loadStations(tx);
				deps.log.error('action failed to apply', {
					deviceId,
					queueRevision: a.queueRevision,
					type: a.type,
					error: String(err)
				});
				result = await refuse(a, 'invalid', POISON_TEXT, { error: 'apply_failed' }, now, false);
			}
		}
		answered.set(a.queueRevision, result);
		results.push(result);
		holds.record({ ...a, failed: result.status !== 'applied' });
	}
	await insertHistory(tx, staged.history);
	await insertEffects(tx, effects);
	await insertStatusLinks(tx, links);
	await storeResults(tx, deviceId, toStore);
	await insertRefusals(tx, refusals);
	// Last: the change-log lock is held from here to COMMIT, so seq order stays commit order.
	seq = Math.max(seq, await appendChanges(tx, staged.changes));
	return { results, seq };
}
