import { describe, expect, it } from 'vitest';
import { invalidReply } from '$lib/server/http';
import type { ErrorBody } from '$lib/sync/contract';
import { PublicRequest } from '$lib/sync/public-request';
import { formValues, issueLines, requestBody } from './form';

const post = (fields: Record<string, string>) => formValues(new URLSearchParams(fields));

const FULL = {
	customerName: 'Inés Alvarez',
	email: ' ines@example.com ',
	phone: ' +44 20 7946 0555 ',
	firingType: 'glaze',
	halfShelves: '3',
	rush: 'on',
	pieceLabel: ' six mugs ',
	pieceCount: '6',
	notes: '  wax resist on the feet '
};

const issuesOf = (fields: Record<string, string>) => {
	const r = PublicRequest.safeParse(JSON.parse(requestBody(post(fields))));
	if (r.success) throw new Error('expected a refusal');
	// The issues as the endpoint sends them (the form action reads the same reply).
	return issueLines((invalidReply(r.error).body as ErrorBody).error.issues ?? []);
};

describe('the request form → the public request body', () => {
	it('maps every field to what the endpoint parses', () => {
		const r = PublicRequest.parse(JSON.parse(requestBody(post(FULL))));
		expect(r).toEqual({
			customerName: 'Inés Alvarez',
			email: 'ines@example.com',
			phone: '+44 20 7946 0555',
			firingType: 'glaze',
			estimatedHalfShelves: 3,
			rushRequested: true,
			pieces: [{ pieceLabel: 'six mugs', pieceCount: 6 }],
			notes: 'wax resist on the feet'
		});
	});

	it('an unticked box is no rush, a blank piece line no pieces, blank notes null', () => {
		const { rush: _, ...rest } = FULL;
		const r = PublicRequest.parse(
			JSON.parse(requestBody(post({ ...rest, pieceLabel: '  ', notes: ' ' })))
		);
		expect(r.rushRequested).toBe(false);
		expect(r.pieces).toEqual([]);
		expect(r.notes).toBeNull();
	});

	it('a blank phone is no phone; one that is not a number is refused by its label', () => {
		expect(
			PublicRequest.parse(JSON.parse(requestBody(post({ ...FULL, phone: ' ' })))).phone
		).toBeNull();
		expect(issuesOf({ ...FULL, phone: 'call me' })[0]).toMatch(/^Phone: /);
	});

	it('refuses blank or non-numeric sizes by the field’s label, never as a number', () => {
		for (const halfShelves of ['', 'abc', '2.5', '0', '17']) {
			const lines = issuesOf({ ...FULL, halfShelves });
			expect(lines, halfShelves).toHaveLength(1);
			expect(lines[0], halfShelves).toMatch(/^Size in half-shelves: /);
		}
		expect(issuesOf({ ...FULL, halfShelves: '' })).toEqual([
			'Size in half-shelves: Please enter a whole number.'
		]);
		expect(issuesOf({ ...FULL, pieceCount: '' })[0]).toMatch(/^How many pieces\?: /);
		expect(issuesOf({ ...FULL, email: 'not an address' })[0]).toMatch(/^Email: /);
		expect(issuesOf({ ...FULL, firingType: 'raku' })[0]).toMatch(/^Firing type: /);
	});

	it('a missing form is all blanks (every required field refused)', () => {
		const lines = issuesOf({});
		expect(lines.some((l) => l.startsWith('Your name: '))).toBe(true);
		expect(lines.some((l) => l.startsWith('Email: '))).toBe(true);
	});
});
