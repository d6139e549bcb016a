import { describe, expect, it } from 'vitest';
import { Action } from './actions';
import { halfShelfText, pieceDetails, pieceRows, pieceTags } from './pieces';
import { Piece } from './reservation';
import { intake } from '../../testing/domain/fixtures';

describe('piece rows and tags', () => {
	const r = intake('KB-3001', {
		customerName: 'Inés Álvarez',
		firingType: 'glaze',
		estimatedHalfShelves: 3,
		pieces: [
			{ pieceLabel: 'Blue mug', pieceCount: 3, pieceId: 'mug-7', heightCm: 11.5, cone: ' 06 ' },
			{ pieceCount: 1, photoUrl: 'https://example.test/p.jpg' }
		]
	});

	it('lists each piece with its code, count, status and photo flag', () => {
		expect(pieceRows(r.pieces)).toEqual([
			{
				code: 'MUG-7',
				label: 'Blue mug',
				count: 3,
				status: 'awaiting placement',
				hasPhoto: false,
				details: '11.5 cm · cone 06'
			},
			{
				code: 'KB-KB3001-02',
				label: 'Unlabelled piece',
				count: 1,
				status: 'awaiting placement',
				hasPhoto: true,
				details: ''
			}
		]);
	});

	it('makes one tag per piece row, carrying owner, reference, firing and size', () => {
		const tags = pieceTags(r, 'Studio Kiln A');
		expect(tags.map((t) => t.code)).toEqual(['MUG-7', 'KB-KB3001-02']);
		expect(tags[0]).toMatchObject({
			customer: 'Inés Álvarez',
			reference: 'KB-3001',
			firing: 'Glaze',
			size: '3 half-shelves',
			station: 'Studio Kiln A',
			count: 3
		});
		expect(pieceTags(r, null)[1].station).toBe('Not yet on a station');
	});

	it('records height and cone only where given, and refuses cones that do not exist', () => {
		expect(r.pieces[1]).toMatchObject({ heightCm: null, cone: null });
		expect(pieceDetails({ heightCm: null, cone: '10' })).toBe('cone 10');
		const cone = (c: string) =>
			Action.safeParse({
				type: 'reservation.intake',
				payload: { ownerUid: 'c', customerName: 'A', pieces: [{ pieceLabel: 'x', cone: c }] }
			}).success;
		expect(['022', '010', '06', '01', '1', '6', '14'].map(cone)).toEqual(Array(7).fill(true));
		expect(['023', '009', '00', '0', '15', '6a', ''].map(cone)).toEqual(Array(7).fill(false));
	});

	it('reads an older piece row without height or cone', () => {
		const old = {
			pieceId: 'A1',
			pieceLabel: null,
			pieceCount: 1,
			pieceStatus: 'loaded',
			photoUrl: null
		};
		expect(Piece.parse(old)).toEqual({ ...old, heightCm: null, cone: null });
	});

	it('says half-shelf in the singular for one', () => {
		expect(halfShelfText(1)).toBe('1 half-shelf');
		expect(halfShelfText(2)).toBe('2 half-shelves');
	});
});
