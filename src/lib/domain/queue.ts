import { computeFairnessPolicy, fairnessPolicyStale } from './fairness';
import { halfShelves } from './half-shelves';
import type { EstimatedWindow, Instant, Reservation } from './reservation';
import { addMs, DAY_MS } from './step';

/** Each ETA band spans two days and holds two queue positions. */
export const BAND_DAYS = 2;
export const POSITIONS_PER_BAND = 2;

const STATUS_RANK: Record<string, number> = { CONFIRMED: 0, REQUESTED: 1, WAITLISTED: 2 };

/** Cancelled, picked-up and archived work has no place in the running order. */
export function isRanked(r: Reservation): boolean {
	return r.status !== 'CANCELLED' && r.pickupWindow?.status !== 'completed' && !r.isArchived;
}

function sortKey(r: Reservation, now: Instant): (number | string)[] {
	const group = r.safetyHold ? 2 : r.intakeMode === 'COMMUNITY_SHELF' ? 1 : 0;
	const wholeKiln = r.intakeMode === 'WHOLE_KILN' || r.addOns.wholeKilnRequested;
	return [
		group,
		STATUS_RANK[r.status] ?? 3,
		r.addOns.rushRequested ? 0 : 1,
		wholeKiln ? 0 : 1,
		computeFairnessPolicy(r.queueFairness, now).effectivePenaltyPoints,
		halfShelves(r),
		r.createdAt,
		r.id
	];
}

/** Total order: hold group, community group, status, rush, whole kiln, penalty, size, age, id. */
export function compareQueue(a: Reservation, b: Reservation, now: Instant): number {
	const ka = sortKey(a, now);
	const kb = sortKey(b, now);
	for (let i = 0; i < ka.length; i++) {
		if (ka[i] < kb[i]) return -1;
		if (ka[i] > kb[i]) return 1;
	}
	return 0;
}

/** 1-based positions on a station; unranked work on it maps to null. */
export function rankStation(
	reservations: readonly Reservation[],
	stationId: string,
	now: Instant
): Map<string, number | null> {
	const onStation = reservations.filter((r) => r.assignedStationId === stationId);
	const ranked = onStation.filter(isRanked).sort((a, b) => compareQueue(a, b, now));
	const out = new Map<string, number | null>(onStation.map((r) => [r.id, null]));
	ranked.forEach((r, i) => out.set(r.id, i + 1));
	return out;
}

export const bandFor = (position: number) => Math.floor((position - 1) / POSITIONS_PER_BAND);

/**
 * ETA window for a position. Anchored: while the band is unchanged (and its window not yet
 * over) the previous anchor and dates stay, so an unrelated write does not move everyone.
 */
export function estimateWindow(
	position: number | null,
	prev: EstimatedWindow | null,
	now: Instant
): EstimatedWindow {
	const promisedStart = prev?.promisedStart ?? null;
	const promisedSlaState = prev?.promisedSlaState ?? null;
	if (position === null) {
		if (prev && prev.band === null && prev.slaState === 'unknown') return prev;
		return {
			currentStart: null,
			currentEnd: null,
			band: null,
			anchorAt: null,
			updatedAt: now,
			slaState: 'unknown',
			confidence: null,
			promisedStart,
			promisedSlaState
		};
	}
	const band = bandFor(position);
	const confidence = position <= 2 ? 'high' : position <= 5 ? 'medium' : 'low';
	const slaState = position <= 2 ? 'on_track' : position <= 5 ? 'at_risk' : 'delayed';
	const keep =
		prev !== null &&
		prev.band === band &&
		prev.anchorAt !== null &&
		prev.currentEnd !== null &&
		prev.currentEnd > now;
	if (keep && prev.confidence === confidence && prev.slaState === slaState) return prev;
	const anchorAt = keep ? (prev.anchorAt as string) : now;
	const currentStart = addMs(anchorAt, band * BAND_DAYS * DAY_MS);
	return {
		currentStart,
		currentEnd: addMs(currentStart, BAND_DAYS * DAY_MS),
		band,
		anchorAt,
		updatedAt: now,
		slaState,
		confidence,
		// The first real estimate is what the customer hears first; later ones keep it.
		promisedStart: promisedStart ?? currentStart,
		promisedSlaState: promisedStart ? promisedSlaState : slaState
	};
}

/** What staff just told the customer becomes the new promise (a delay escalation). */
export function promiseCurrent(w: EstimatedWindow | null): EstimatedWindow | null {
	return w && { ...w, promisedStart: w.currentStart, promisedSlaState: w.slaState };
}

export type EtaState = EstimatedWindow['slaState'] | 'overdue';

/**
 * The ETA's state at `now`, for display: a window that has ended is `overdue` whatever band
 * was stored (the stored band only moves when the server next re-ranks), never `on_track`.
 */
export function etaState(w: EstimatedWindow | null | undefined, now: Instant): EtaState {
	if (!w || !w.currentEnd) return w?.slaState ?? 'unknown';
	if (w.currentEnd <= now) return 'overdue';
	return w.slaState;
}

/** Staff words for each ETA state (text, never colour alone). */
export const ETA_STATE_WORDS: Record<EtaState, string> = {
	on_track: 'on track',
	at_risk: 'at risk',
	delayed: 'delayed',
	unknown: 'not yet known',
	overdue: 'overdue — the window has passed'
};

export interface QueueHint {
	queuePositionHint: number | null;
	estimatedWindow: EstimatedWindow;
}

// Field by field: a stored document (jsonb) may list its keys in another order.
const sameWindow = (a: EstimatedWindow | null, b: EstimatedWindow) =>
	a !== null &&
	(Object.keys(b) as (keyof EstimatedWindow)[]).every((k) => (a[k] ?? null) === (b[k] ?? null));

/**
 * Queue hints for reservations (grouped by their station), returning ONLY rows whose hint or
 * window differs from what is stored, so the server writes just those.
 */
export function computeQueueHints(
	reservations: readonly Reservation[],
	now: Instant
): Map<string, QueueHint> {
	const positions = new Map<string, number | null>();
	const stations = new Set(reservations.map((r) => r.assignedStationId));
	for (const s of stations) {
		if (s === null) continue;
		for (const [id, pos] of rankStation(reservations, s, now)) positions.set(id, pos);
	}
	const out = new Map<string, QueueHint>();
	for (const r of reservations) {
		const pos = positions.get(r.id) ?? null;
		const win = estimateWindow(pos, r.estimatedWindow, now);
		if (pos !== r.queuePositionHint || !sameWindow(r.estimatedWindow, win))
			out.set(r.id, { queuePositionHint: pos, estimatedWindow: win });
	}
	return out;
}

/**
 * What time alone changed on a station's cards at `now`: re-ranked positions (an override
 * boost ran out), re-anchored ETA windows (a window ended) and a stored fairness policy that
 * still shows an expired boost. Returns only cards that differ, versions NOT bumped; nothing
 * here messages a customer.
 */
export function agedCards(reservations: readonly Reservation[], now: Instant): Reservation[] {
	const hints = computeQueueHints(reservations, now);
	const out: Reservation[] = [];
	for (const r of reservations) {
		const h = hints.get(r.id);
		const stale = fairnessPolicyStale(r, now);
		if (!h && !stale) continue;
		out.push({
			...r,
			...(h ?? {}),
			queueFairnessPolicy: stale
				? computeFairnessPolicy(r.queueFairness, now)
				: r.queueFairnessPolicy
		});
	}
	return out;
}
