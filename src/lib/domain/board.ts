import { Action } from './actions';
import {
	operation,
	type OperationId,
	type OperationOption,
	type ReservationAction,
	type StationChoice
} from './available';
import { halfShelves } from './half-shelves';
import { halfShelfText } from './pieces';
import type { Instant, Piece, Reservation } from './reservation';
import { shortReference } from './reference';

export { shortReference };

/*
 * Pure helpers of the kiosk board: what a person searches by, what a card's one-tap step is,
 * how long work has waited and the short reference people read aloud. No clock, no storage.
 */

/** Case- and accent-insensitive form: "Inés" and "INES" both fold to "ines". */
export function fold(text: string): string {
	return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export type MatchField =
	'customer' | 'reference' | 'piece label' | 'piece code' | 'phone' | 'email';

/** Staff-visible contact of a reservation's owner (the kiosk holds it from the pull). */
export interface SearchContact {
	phone?: string | null;
	email?: string | null;
}

/** A query is a phone search only when it is written with phone characters alone. */
const PHONE_QUERY = /^[\d\s()+./-]+$/;
/** Fewer digits than this would match nearly every number. */
const PHONE_MIN_DIGITS = 3;

/**
 * Digits of a phone number as people write it: "(0)" in "+44 (0)20 …" is the trunk zero that
 * international callers skip, so it is dropped; "00" before a country code means "+".
 */
function phoneDigits(text: string): { digits: string; international: boolean } {
	const t = text.trim().replace(/\(\s*0\s*\)/g, '');
	const international = t.startsWith('+') || /^00[1-9]/.test(t.replace(/\D/g, ''));
	const d = t.replace(/\D/g, '');
	return { digits: international && d.startsWith('00') ? d.slice(2) : d, international };
}

/**
 * Whether a typed phone fragment is part of a stored number, however either side spaces or
 * punctuates it, and whether either writes the number nationally (leading 0) or with its
 * country code ("+44 20 …", "0044 20 …").
 */
export function phoneMatches(stored: string, query: string): boolean {
	if (!PHONE_QUERY.test(query.trim())) return false;
	const s = phoneDigits(stored);
	const q = phoneDigits(query);
	if (q.digits.length < PHONE_MIN_DIGITS || !s.digits) return false;
	if (s.digits.includes(q.digits)) return true;
	// Typed nationally ("020 7946 …"), stored with a country code: the 0 stands for "+44".
	if (!q.international && /^0[1-9]/.test(q.digits) && s.international)
		return q.digits.length > PHONE_MIN_DIGITS && s.digits.includes(q.digits.slice(1));
	// Typed with a country code, stored nationally: the number after a 1–3 digit code must be
	// the stored one without its 0 (a fragment cannot tell where the code ends, so it is whole).
	if (q.international && !s.international && /^0[1-9]/.test(s.digits)) {
		const national = s.digits.slice(1);
		const code = q.digits.length - national.length;
		return code >= 1 && code <= 3 && q.digits.endsWith(national);
	}
	return false;
}

export interface SearchHit {
	field: MatchField;
	/** The text that matched, as stored (shown to staff: "piece code KB-1004-02"). */
	text: string;
}

/** Everything a query matched on one reservation, best field first; empty when nothing did. */
export function searchReservation(
	r: Reservation,
	query: string,
	contact: SearchContact = {}
): SearchHit[] {
	const q = fold(query.trim());
	if (!q) return [];
	const hits: SearchHit[] = [];
	const test = (field: MatchField, text: string | null) => {
		if (text && fold(text).includes(q)) hits.push({ field, text });
	};
	test('customer', r.customerName);
	const ref = shortReference(r.id);
	test('reference', ref);
	if (ref !== r.id && fold(r.id) === q) hits.push({ field: 'reference', text: ref });
	for (const p of r.pieces) {
		test('piece code', p.pieceId);
		test('piece label', p.pieceLabel);
	}
	test('email', contact.email ?? null);
	if (contact.phone && phoneMatches(contact.phone, query))
		hits.push({ field: 'phone', text: contact.phone });
	return hits;
}

/** Rank of a hit list for ordering: an exact code or reference first, then name starts, then the rest. */
export function hitRank(hits: readonly SearchHit[], query: string): number {
	const q = fold(query.trim());
	if (!hits.length) return 99;
	if (hits.some((h) => (h.field === 'piece code' || h.field === 'reference') && fold(h.text) === q))
		return 0;
	if (hits.some((h) => h.field === 'customer' && fold(h.text).startsWith(q))) return 1;
	return 2;
}

/** The reservation whose piece code (or reference) is exactly the typed text, if exactly one. */
export function exactCodeMatch(
	reservations: readonly Reservation[],
	query: string
): Reservation | null {
	const q = fold(query.trim());
	if (q.length < 3) return null;
	const found = reservations.filter(
		(r) => r.pieces.some((p) => fold(p.pieceId) === q) || fold(shortReference(r.id)) === q
	);
	return found.length === 1 ? found[0] : null;
}

/** Items, not lines: three mugs on one line count three. */
export function piecesSummary(pieces: readonly Pick<Piece, 'pieceCount'>[]): {
	items: number;
	lines: number;
	text: string;
} {
	const items = pieces.reduce((n, p) => n + p.pieceCount, 0);
	const lines = pieces.length;
	const word = items === 1 ? 'item' : 'items';
	const text =
		lines > 1 && lines !== items ? `${items} ${word} (${lines} kinds)` : `${items} ${word}`;
	return { items, lines, text };
}

export function sizeText(r: Reservation): string {
	return halfShelfText(halfShelves(r));
}

export type WaitTone = 'fresh' | 'aging' | 'old';

const DAY = 86_400_000;

/**
 * How long the work has waited since it was requested, for cards still in the studio's hands;
 * null once it is picked up or cancelled. Tone pairs a colour with the words: 7 d and more is old.
 */
export function waiting(
	r: Reservation,
	now: Instant
): { days: number; text: string; tone: WaitTone } | null {
	if (r.status === 'CANCELLED' || r.pickupWindow?.status === 'completed' || r.isArchived)
		return null;
	const days = Math.max(0, Math.floor((Date.parse(now) - Date.parse(r.createdAt)) / DAY));
	const tone: WaitTone = days >= 7 ? 'old' : days >= 3 ? 'aging' : 'fresh';
	const text = days === 0 ? 'waiting today' : `waiting ${days} d`;
	return { days, text, tone };
}

export type NextStepId =
	'status.confirm' | 'station.assign' | 'load.loading' | 'load.loaded' | 'pickup.completed';

export interface NextStep {
	op: NextStepId;
	/** The button's words, e.g. "Place on Kiln A". */
	label: string;
	/** The intent to queue, parsed by the action schema. */
	action: ReservationAction;
}

const step_ = (input: unknown) => Action.parse(input) as ReservationAction;

/**
 * The opposite of a one-tap step once it has reached the server, where the studio's rules have
 * one: loading work goes back to the queue (a correction the load rules allow). Confirm,
 * placement, loaded and pickup have no inverse here: the customer or the queue already moved on.
 */
export function inverseOf(step: NextStep): ReservationAction | null {
	if (step.op === 'load.loading')
		return step_({
			type: 'reservation.load',
			payload: { loadStatus: 'queued', reason: 'Undo of Start loading on the board' }
		});
	return null;
}

/** A placement suggestion: the enabled station with the most room left, ties by list order. */
export function suggestStation(choices: readonly StationChoice[]): StationChoice | null {
	let best: StationChoice | null = null;
	for (const c of choices) if (c.enabled && (!best || c.free > best.free)) best = c;
	return best;
}

/**
 * The card's next step in the playbook, as one button, chosen among what the domain allows now
 * (`availableOperations`): confirm a request, place it on the suggested station, start loading,
 * mark it loaded, complete the pickup. Null when none of these is open.
 */
export function nextStep(
	r: Reservation,
	ops: readonly OperationOption[] | ((op: NextStepId) => boolean),
	choices: readonly StationChoice[]
): NextStep | null {
	// A list from `availableOperations`, or a lookup that judges one operation at a time.
	const can = (op: NextStepId) =>
		typeof ops === 'function' ? ops(op) : operation(ops, op as OperationId).enabled;
	if (r.status === 'REQUESTED' && can('status.confirm'))
		return {
			op: 'status.confirm',
			label: 'Confirm',
			action: step_({ type: 'reservation.status', payload: { status: 'CONFIRMED' } })
		};
	if (!r.assignedStationId) {
		const best = suggestStation(choices);
		// An enabled choice is the station.assign operation being enabled (`availableOperations`).
		if (best)
			return {
				op: 'station.assign',
				label: `Place on ${best.label}`,
				action: step_({
					type: 'reservation.assign_station',
					payload: { assignedStationId: best.stationId }
				})
			};
		return null;
	}
	if (r.loadStatus === 'queued' && can('load.loading'))
		return {
			op: 'load.loading',
			label: 'Start loading',
			action: step_({ type: 'reservation.load', payload: { loadStatus: 'loading' } })
		};
	if (r.loadStatus === 'loading' && can('load.loaded'))
		return {
			op: 'load.loaded',
			label: 'Mark loaded',
			action: step_({ type: 'reservation.load', payload: { loadStatus: 'loaded' } })
		};
	if (r.loadStatus === 'loaded' && can('pickup.completed'))
		return {
			op: 'pickup.completed',
			label: 'Complete pickup',
			action: step_({
				type: 'reservation.pickup_window',
				payload: { action: 'staff_mark_completed' }
			})
		};
	return null;
}
