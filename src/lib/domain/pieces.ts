import { halfShelves } from './half-shelves';
import type { Piece, Reservation } from './reservation';
import { shortReference } from './reference';

/*
 * What staff read about each piece of a reservation (the pieces list, the printed tags and the
 * day sheet all use these rows, so the three never disagree). Pure: no clock, no storage.
 */

export const PIECE_STATUS_TEXT: Record<Piece['pieceStatus'], string> = {
	awaiting_placement: 'awaiting placement',
	loaded: 'in the kiln',
	fired: 'fired',
	ready: 'ready for pickup',
	picked_up: 'picked up'
};

export const FIRING_TEXT: Record<Reservation['firingType'], string> = {
	bisque: 'Bisque',
	glaze: 'Glaze',
	other: 'Other firing'
};

export interface PieceRow {
	code: string;
	/** The label as stored, or a plain stand-in when none was recorded. */
	label: string;
	count: number;
	status: string;
	hasPhoto: boolean;
	/** Height and cone where recorded ("18 cm · cone 6"), else ''. */
	details: string;
}

/** Height and cone of a piece in words, leaving out what was not recorded. */
export function pieceDetails(p: Pick<Piece, 'heightCm' | 'cone'>): string {
	const parts: string[] = [];
	if (p.heightCm !== null) parts.push(`${p.heightCm} cm`);
	if (p.cone !== null) parts.push(`cone ${p.cone}`);
	return parts.join(' · ');
}

export function pieceRows(pieces: readonly Piece[]): PieceRow[] {
	return pieces.map((p) => ({
		code: p.pieceId,
		label: p.pieceLabel?.trim() || 'Unlabelled piece',
		count: p.pieceCount,
		status: PIECE_STATUS_TEXT[p.pieceStatus],
		hasPhoto: p.photoUrl !== null && p.photoUrl !== '',
		details: pieceDetails(p)
	}));
}

/** Half-shelves as words: "1 half-shelf", "3 half-shelves". */
export function halfShelfText(n: number): string {
	return n === 1 ? '1 half-shelf' : `${n} half-shelves`;
}

/** One printed tag: everything a person needs to put the piece back with its owner. */
export interface PieceTag {
	code: string;
	label: string;
	count: number;
	details: string;
	customer: string;
	reference: string;
	firing: string;
	/** The reservation's size (pieces carry no size of their own). */
	size: string;
	station: string;
}

/** One tag per piece row (a row of three mugs shares one code, so it gets one tag saying ×3). */
export function pieceTags(r: Reservation, stationLabel: string | null): PieceTag[] {
	const base = {
		customer: r.customerName,
		reference: shortReference(r.id),
		firing: FIRING_TEXT[r.firingType],
		size: halfShelfText(halfShelves(r)),
		station: stationLabel ?? 'Not yet on a station'
	};
	return pieceRows(r.pieces).map((p) => ({
		...base,
		code: p.code,
		label: p.label,
		count: p.count,
		details: p.details
	}));
}
