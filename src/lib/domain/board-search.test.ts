import { describe, expect, it } from 'vitest';
import { exactCodeMatch, searchReservation } from './board';
import { intake } from '../../testing/domain/fixtures';

describe('search by every field staff know a customer by', () => {
	const r = intake('KB-7001', {
		customerName: 'Zoë Brennan',
		pieces: [{ pieceLabel: 'Tall jug', pieceId: 'JUG-1' }]
	});
	const contact = { phone: '+44 (0)20 7946 0018', email: 'Zoe.Brennan@example.test' };

	it('matches the customer, reference, piece label and code and names the field', () => {
		expect(searchReservation(r, 'zoe', contact)).toEqual([
			{ field: 'customer', text: 'Zoë Brennan' },
			{ field: 'email', text: 'Zoe.Brennan@example.test' }
		]);
		expect(searchReservation(r, 'kb-7001')[0]).toEqual({ field: 'reference', text: 'KB-7001' });
		expect(searchReservation(r, 'JUG')).toEqual([
			{ field: 'piece code', text: 'JUG-1' },
			{ field: 'piece label', text: 'Tall jug' }
		]);
	});

	it('matches a phone number on its digits however it is written', () => {
		expect(searchReservation(r, '7946 0018', contact)).toEqual([
			{ field: 'phone', text: contact.phone }
		]);
		expect(searchReservation(r, '79460018', contact)[0].field).toBe('phone');
		// Too few digits, or words mixed in, is no phone search.
		expect(searchReservation(r, '20', contact)).toEqual([]);
		expect(searchReservation(r, '7946 jug', contact)).toEqual([]);
		// No contact known: nothing to match.
		expect(searchReservation(r, '79460018')).toEqual([]);
	});

	it('opens a card only on one exact piece code or reference', () => {
		const twin = intake('KB-7002', { pieces: [{ pieceId: 'JUG-2' }] });
		expect(exactCodeMatch([r, twin], ' jug-1 ')?.id).toBe('KB-7001');
		expect(exactCodeMatch([r, twin], 'JUG')).toBeNull();
		expect(exactCodeMatch([r, twin], 'kb-7002')?.id).toBe('KB-7002');
	});
});
