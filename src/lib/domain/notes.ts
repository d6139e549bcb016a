import type { ApplyContext } from './context';
import type { Reservation, StaffNote } from './reservation';

/** Most entries one card's staff notes may hold; a `reservation.note` beyond it is refused. */
export const MAX_STAFF_NOTES = 500;

/**
 * Appends one staff note entry (append-only: earlier entries, including another kiosk's, are
 * kept). The id is derived from the request id, so a replayed action produces the same entry.
 */
export function appendNote(
	r: Reservation,
	text: string | null,
	source: string,
	ctx: ApplyContext
): Reservation {
	const trimmed = text?.trim();
	if (!trimmed) return r;
	const entry: StaffNote = {
		id: `${ctx.requestId}:${r.staffNotes.length}`,
		at: ctx.now,
		byUid: ctx.actor.uid,
		text: trimmed,
		source
	};
	return { ...r, staffNotes: [...r.staffNotes, entry] };
}

/** Staff notes as stored before they became a list (a string or null), as entries. */
export function notesFromLegacy(value: unknown, reservationId: string, at: string): StaffNote[] {
	if (Array.isArray(value)) return value as StaffNote[];
	if (typeof value !== 'string' || value.trim() === '') return [];
	return [
		{
			id: `legacy:${reservationId}`,
			at,
			byUid: 'legacy',
			text: value.slice(0, 1500),
			source: 'legacy'
		}
	];
}

/** The newest entry's text, or null (for one-line summaries). */
export function latestNote(r: Pick<Reservation, 'staffNotes'>): string | null {
	return r.staffNotes.at(-1)?.text ?? null;
}
