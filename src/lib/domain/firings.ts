import { applyAction } from './apply';
import { capacityMessage, stationUsed } from './capacity';
import type { ApplyContext } from './context';
import { noEffects, type Effects } from './effects';
import { touch, withHistory } from './history';
import {
	type Firing,
	type FiringCreatePayload,
	type FiringFlag,
	type FiringMember,
	type FiringState,
	type FiringStep,
	type FiringStepPayload
} from './firing-record';
import { fail, type Failure } from './outcome';
import type { LoadStatus, Reservation } from './reservation';
import { actorHasRole } from './roles';
import type { Station } from './stations';

/**
 * A firing: one kiln load of many customers' work. The firing is its own record; each step
 * (start loading, start firing, unload) moves every reservation in it through the SAME load
 * transition a single card uses (`applyAction` with `reservation.load`), so rules, history rows,
 * customer messages and fees stay in one place. A card whose state refuses the step is flagged,
 * never the whole firing (docs/SYNC_PROTOCOL.md "Firings").
 */

const RANK: Record<FiringState, number> = { planned: 0, loading: 1, firing: 2, unloaded: 3 };
export const STEP_TARGET: Record<FiringStep, FiringState> = {
	start_loading: 'loading',
	start_firing: 'firing',
	unload: 'unloaded'
};

/** Whether a firing still holds its cards (a card is in at most one such firing). */
export const isActiveFiring = (f: Pick<Firing, 'state'>) => f.state !== 'unloaded';

/** Members that carry at least one flag: the supervisor's review list. */
export const flaggedMembers = (f: Firing) => f.members.filter((m) => m.flags.length > 0);

export interface CreateContext {
	now: string;
	actor: ApplyContext['actor'];
	stations: ApplyContext['stations'];
	/** The current card for an id (null: not on this side). */
	reservation: (id: string) => Reservation | null;
	/** The id of an active firing the card is in already, if any. */
	activeFiringOf: (reservationId: string) => string | null;
}

/**
 * Plans a firing. Every card must exist, be confirmed, be assigned to the firing's kiln and not
 * already be in an active firing; together they must fit the kiln by the placement rule.
 */
export function createFiring(
	p: FiringCreatePayload,
	ctx: CreateContext
): { ok: true; firing: Firing } | Failure {
	const station = ctx.stations.find((s) => s.id === p.stationId);
	if (!station) return fail('not_found', `There is no station “${p.stationId}”.`);
	const cards: Reservation[] = [];
	for (const id of p.reservationIds) {
		const r = ctx.reservation(id);
		if (!r) return fail('not_found', `Reservation ${id} does not exist.`, { reservationId: id });
		if (r.status !== 'CONFIRMED')
			return fail('conflict', `Only confirmed work goes into a firing; ${id} is ${r.status}.`, {
				reservationId: id
			});
		if (r.assignedStationId !== station.id)
			return fail('conflict', `${id} is not assigned to ${station.label}; assign it first.`, {
				reservationId: id
			});
		const other = ctx.activeFiringOf(id);
		if (other)
			return fail('conflict', `${id} is already in firing ${other}.`, {
				reservationId: id,
				firingId: other
			});
		cards.push(r);
	}
	const needed = stationUsed(cards);
	if (needed > station.capacityHalfShelves)
		return fail(
			'capacity',
			capacityMessage({
				stationLabel: station.label,
				used: 0,
				capacity: station.capacityHalfShelves,
				needed,
				roomElsewhere: []
			}),
			{ stationId: station.id, needed, capacity: station.capacityHalfShelves }
		);
	return {
		ok: true,
		firing: {
			id: p.firingId,
			stationId: station.id,
			firingType: p.firingType,
			targetCone: p.targetCone,
			programNotes: p.programNotes,
			plannedDate: p.plannedDate,
			members: cards.map((r) => ({
				reservationId: r.id,
				halfShelves: stationUsed([r]),
				outcome: null,
				outcomeReason: null,
				flags: []
			})),
			state: 'planned',
			createdAt: ctx.now,
			createdByUid: ctx.actor.uid,
			loadingStartedAt: null,
			loadedByUid: null,
			firingStartedAt: null,
			unloadedAt: null,
			unloadedByUid: null,
			notes: p.notes,
			version: 1,
			updatedAt: ctx.now
		}
	};
}

export interface FiringStepResult {
	ok: true;
	/** The step was already taken (another kiosk, a replay): nothing changes. */
	noop: boolean;
	firing: Firing;
	/** Member cards as written, version bumped, each with exactly one new history row. */
	cards: { before: Reservation; after: Reservation }[];
	/** Non-member cards whose queue hint moved (versions NOT bumped, as in `applyAction`). */
	peers: Reservation[];
	effects: Effects;
	/** Member ids flagged by this step. */
	flagged: string[];
}

/** History reasons of the rows a step writes when the load transition itself writes none. */
export const FIRING_REASON = {
	start_loading: 'firing_loading',
	start_firing: 'firing_started',
	unload: 'firing_unloaded',
	flagged: 'firing_flagged'
} as const;

const LOAD_TARGET: Record<FiringStep, LoadStatus> = {
	start_loading: 'loading',
	start_firing: 'loading',
	unload: 'loaded'
};
const LOAD_RANK: Record<LoadStatus, number> = { queued: 0, loading: 1, loaded: 2 };

/**
 * One step for the whole kiln. Steps only go forward; a step already taken is a noop. For each
 * card: its load transition through `applyAction` (or, when the card is already there, a
 * firing history row); a card the rules refuse keeps its state, gets a `firing_flagged` row and
 * a flag on the firing. Used alike by the server (to commit) and the kiosk (optimistic view).
 */
export function stepFiring(
	f: Firing,
	p: FiringStepPayload,
	cards: (id: string) => Reservation | null,
	ctx: ApplyContext
): FiringStepResult | Failure {
	const target = STEP_TARGET[p.step];
	const inFiring = new Set(f.members.map((m) => m.reservationId));
	for (const o of p.outcomes) {
		if (!inFiring.has(o.reservationId))
			return fail('invalid', `${o.reservationId} is not in this firing.`, {
				reservationId: o.reservationId
			});
		if (p.step !== 'unload') return fail('invalid', 'Outcomes are recorded when unloading.');
		if (o.outcome !== 'fired' && !o.reason)
			return fail('invalid', 'A damaged or needs-refire outcome needs a written reason.', {
				reservationId: o.reservationId
			});
	}
	const none = { cards: [], peers: [], effects: noEffects(), flagged: [] };
	if (RANK[target] <= RANK[f.state]) return { ok: true, noop: true, firing: f, ...none };

	const working = new Map<string, Reservation>();
	const peerOut = new Map<string, Reservation>();
	const originals = new Map<string, Reservation>();
	const effects = noEffects();
	const flagged: string[] = [];
	const live = (r: Reservation) => working.get(r.id) ?? r;
	const stepCtx: ApplyContext = {
		...ctx,
		stationPeers: (s) => ctx.stationPeers(s).map(live)
	};
	const outcomeOf = new Map(p.outcomes.map((o) => [o.reservationId, o]));
	const members: FiringMember[] = [];

	for (const m of f.members) {
		const base = working.get(m.reservationId) ?? cards(m.reservationId);
		const outcome = p.step === 'unload' ? (outcomeOf.get(m.reservationId) ?? null) : null;
		const nextMember: FiringMember =
			p.step === 'unload'
				? {
						...m,
						outcome: outcome?.outcome ?? 'fired',
						outcomeReason: outcome?.reason ?? null
					}
				: { ...m };
		if (!base) {
			const flag = flagOf(p.step, 'not_found', 'This card no longer exists.', ctx.now);
			members.push({ ...nextMember, flags: [...m.flags, flag] });
			flagged.push(m.reservationId);
			continue;
		}
		if (!originals.has(base.id)) originals.set(base.id, base);
		const moved = moveCard(base, p.step, nextMember, f, stepCtx);
		if (!moved.ok) {
			const flag = flagOf(p.step, moved.failure.code, moved.failure.message, ctx.now);
			working.set(base.id, flagRow(base, flag, f, ctx));
			members.push({ ...nextMember, flags: [...m.flags, flag] });
			flagged.push(m.reservationId);
			continue;
		}
		working.set(base.id, moved.card);
		effects.notifications.push(...moved.effects.notifications);
		effects.fairnessAudit.push(...moved.effects.fairnessAudit);
		effects.storageAudit.push(...moved.effects.storageAudit);
		for (const peer of moved.peers) {
			if (inFiring.has(peer.id)) {
				const cur = working.get(peer.id);
				// A member already moved keeps its new state; only the hint is taken over.
				working.set(
					peer.id,
					cur
						? {
								...cur,
								queuePositionHint: peer.queuePositionHint,
								estimatedWindow: peer.estimatedWindow
							}
						: peer
				);
			} else peerOut.set(peer.id, peer);
		}
		members.push(nextMember);
	}

	const written = f.members
		.map((m) => m.reservationId)
		.filter((id) => working.has(id) && originals.has(id))
		.map((id) => ({ before: originals.get(id)!, after: working.get(id)! }));
	return {
		ok: true,
		noop: false,
		firing: advance(f, p, members, ctx),
		cards: written,
		peers: [...peerOut.values()],
		effects,
		flagged
	};
}

function flagOf(step: FiringStep, code: FiringFlag['code'], message: string, at: string) {
	return { step, code, message, at };
}

/** The card keeps its state; one history row says which firing step it was found in. */
function flagRow(r: Reservation, flag: FiringFlag, f: Firing, ctx: ApplyContext): Reservation {
	const next = withHistory(
		r,
		{
			reason: FIRING_REASON.flagged,
			notes: `Firing ${f.id} (${flag.step}): ${flag.message} Flagged for supervisor review.`,
			updatesStage: false
		},
		ctx
	);
	return { ...touch(next, [], ctx), version: r.version + 1 };
}

type Moved =
	| {
			ok: true;
			card: Reservation;
			effects: Effects;
			peers: Reservation[];
	  }
	| { ok: false; failure: Failure };

/** One card through one step, via the card's own load transition where it moves. */
function moveCard(
	r: Reservation,
	step: FiringStep,
	member: FiringMember,
	f: Firing,
	ctx: ApplyContext
): Moved {
	const refire = step === 'unload' && member.outcome === 'needs_refire';
	const want: LoadStatus = refire ? 'queued' : LOAD_TARGET[step];
	const reason = refire ? `Needs refire after firing ${f.id}: ${member.outcomeReason}` : null;
	const already = refire ? r.loadStatus === 'queued' : LOAD_RANK[r.loadStatus] >= LOAD_RANK[want];
	// The card's load rule lets a cancelled card's load status move; a firing does not: the card
	// keeps its state and is flagged (docs/SYNC_PROTOCOL.md, "Never refused wholesale").
	if (r.status === 'CANCELLED') return { ok: false, failure: cancelledInKiln() };
	if (!already) {
		const out = applyAction(
			r,
			{ type: 'reservation.load', payload: { loadStatus: want, reason } },
			r.id,
			ctx
		);
		if (!out.ok) return { ok: false, failure: out };
		if (!out.noop) {
			const card = step === 'unload' && !refire ? firedPieces(out.reservation) : out.reservation;
			return { ok: true, card, effects: out.effects, peers: out.peers };
		}
	}
	// Already there (loaded by hand, or a step passed by): the firing's own row, no load change.
	const row = withHistory(
		step === 'unload' && !refire ? firedPieces(r) : r,
		{
			reason: FIRING_REASON[step],
			notes: `Firing ${f.id}: ${f.firingType}, cone ${f.targetCone}.`,
			updatesStage: false
		},
		ctx
	);
	return {
		ok: true,
		card: { ...touch(row, [], ctx), version: r.version + 1 },
		effects: noEffects(),
		peers: []
	};
}

const cancelledInKiln = () =>
	fail('conflict', 'Cancelled work is not loaded into a kiln.', { status: 'CANCELLED' });

/** Unloaded work: pieces that were in the kiln are fired. */
function firedPieces(r: Reservation): Reservation {
	return {
		...r,
		pieces: r.pieces.map((x) => (x.pieceStatus === 'loaded' ? { ...x, pieceStatus: 'fired' } : x))
	};
}

function advance(
	f: Firing,
	p: FiringStepPayload,
	members: FiringMember[],
	ctx: ApplyContext
): Firing {
	const next: Firing = {
		...f,
		members,
		state: STEP_TARGET[p.step],
		version: f.version + 1,
		updatedAt: ctx.now,
		notes: p.notes ? (f.notes ? `${f.notes}\n${p.notes}` : p.notes) : f.notes
	};
	// A skipped step is stamped by the step that passed it (the kiln was loaded meanwhile).
	if (!next.loadingStartedAt) {
		next.loadingStartedAt = ctx.now;
		next.loadedByUid = ctx.actor.uid;
	}
	if (RANK[next.state] >= RANK.firing && !next.firingStartedAt) next.firingStartedAt = ctx.now;
	if (next.state === 'unloaded') {
		next.unloadedAt = ctx.now;
		next.unloadedByUid = ctx.actor.uid;
	}
	return next;
}

/**
 * A supervisor records a heating-element change: the kiln log's "firings since the last element
 * change" restarts from now. The reason is kept on the station.
 */
export function changeElements(
	station: Station,
	p: { reason: string },
	ctx: Pick<ApplyContext, 'now' | 'actor'>
): { ok: true; station: Station } | Failure {
	if (!actorHasRole(ctx.actor.role, 'supervisor'))
		return fail('permission', 'Only a supervisor can record an element change.');
	return {
		ok: true,
		station: { ...station, elementChangedAt: ctx.now, elementChangeReason: p.reason }
	};
}

/** The kiln log of one station: newest first, and how many firings ran since the elements changed. */
export function kilnLog(
	firings: readonly Firing[],
	elementChangedAt: string | null
): { rows: Firing[]; sinceElementChange: number } {
	const rows = [...firings].sort(
		(a, b) =>
			(b.firingStartedAt ?? b.plannedDate).localeCompare(a.firingStartedAt ?? a.plannedDate) ||
			a.id.localeCompare(b.id)
	);
	const sinceElementChange = rows.filter(
		(f) => f.firingStartedAt !== null && (!elementChangedAt || f.firingStartedAt > elementChangedAt)
	).length;
	return { rows, sinceElementChange };
}
