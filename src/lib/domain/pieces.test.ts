import { describe, expect, it } from 'vitest';
import { halfShelfText, pieceRows, pieceTags } from './pieces';
import { intake } from '../../testing/domain/fixtures';

describe('piece rows and tags', () => {
	const r = intake('KB-3001', {
		customerName: 'Inés Álvarez',
		firingType: 'glaze',
		estimatedHalfShelves: 3,
		pieces: [
			{ pieceLabel: 'Blue mug', pieceCount: 3, pieceId: 'mug-7' },
			{ pieceCount: 1, photoUrl: 'https://example.test/p.jpg' }
		]
	});

	it('lists each piece with its code, count, status and photo flag', () => {
		expect(pieceRows(r.pieces)).toEqual([
			{ code: 'MUG-7', label: 'Blue mug', count: 3, status: 'awaiting placement', hasPhoto: false },
			{
				code: 'KB-KB3001-02',
				label: 'Unlabelled piece',
				count: 1,
				status: 'awaiting placement',
				hasPhoto: true
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

	it('says half-shelf in the singular for one', () => {
		expect(halfShelfText(1)).toBe('1 half-shelf');
		expect(halfShelfText(2)).toBe('2 half-shelves');
	});
});
