import { describe, expect, it } from 'vitest';
import { exactCodeMatch, phoneMatches, searchReservation } from './board';
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

	it('matches an email on any fragment, ignoring case', () => {
		expect(searchReservation(r, 'BRENNAN@EXAMPLE', contact)).toEqual([
			{ field: 'email', text: contact.email }
		]);
		expect(searchReservation(r, '@example.test', contact)[0].field).toBe('email');
		expect(searchReservation(r, 'other@example.test', contact)).toEqual([]);
	});

	it('treats a national leading 0 and a country code as the same number', () => {
		// Stored internationally with the trunk zero in brackets.
		const intl = '+44 (0)20 7946 0018';
		expect(phoneMatches(intl, '020 7946 0018')).toBe(true);
		expect(phoneMatches(intl, '+44 20 7946 0018')).toBe(true);
		expect(phoneMatches(intl, '0044 20 7946 0018')).toBe(true);
		expect(phoneMatches(intl, '020-7946')).toBe(true);
		// Stored nationally: a full international number finds it, a different code length too.
		const national = '020 7946 0018';
		expect(phoneMatches(national, '+44 20 7946 0018')).toBe(true);
		expect(phoneMatches(national, '+442079460018')).toBe(true);
		expect(phoneMatches(national, '7946-0018')).toBe(true);
		// Different numbers do not match, whatever the prefix.
		expect(phoneMatches(national, '+44 20 7946 0019')).toBe(false);
		expect(phoneMatches(intl, '030 7946 0018')).toBe(false);
		expect(phoneMatches(national, '+1234 20 7946 0018')).toBe(false);
		// A lone trunk zero plus two digits is too little to search by.
		expect(phoneMatches(intl, '020')).toBe(false);
		expect(phoneMatches('+1 (555) 010-4477', '555.010.4477')).toBe(true);
		expect(phoneMatches('+1 (555) 010-4477', '(555) 010 4478')).toBe(false);
	});

	it('opens a card only on one exact piece code or reference', () => {
		const twin = intake('KB-7002', { pieces: [{ pieceId: 'JUG-2' }] });
		expect(exactCodeMatch([r, twin], ' jug-1 ')?.id).toBe('KB-7001');
		expect(exactCodeMatch([r, twin], 'JUG')).toBeNull();
		expect(exactCodeMatch([r, twin], 'kb-7002')?.id).toBe('KB-7002');
	});
});
