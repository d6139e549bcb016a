import { describe, expect, it } from 'vitest';
import { heldBehind, heldInBatch, type QueuedRef } from './holds';

const row = (queueRevision: number, reservationId: string | null, state: string): QueuedRef => ({
	queueRevision,
	reservationId,
	state
});

describe('heldBehind', () => {
	it('holds later unsent rows on the same card behind its earliest failure, nothing else', () => {
		const held = heldBehind([
			row(5, 'A', 'pending'),
			row(2, 'A', 'failed'),
			row(1, 'A', 'synced'),
			row(3, 'A', 'held'),
			row(4, 'A', 'failed'),
			row(6, 'B', 'pending'),
			row(7, null, 'pending'),
			row(8, 'A', 'syncing')
		]);
		expect([...held.entries()].sort((a, b) => a[0] - b[0])).toEqual([
			[3, 2],
			[5, 2],
			[8, 2]
		]);
	});

	it('an earlier row is never held behind a later failure; a resolved failure holds nothing', () => {
		expect(heldBehind([row(1, 'A', 'pending'), row(2, 'A', 'failed')]).size).toBe(0);
		expect(heldBehind([row(2, 'A', 'synced'), row(3, 'A', 'held')]).size).toBe(0);
	});

	it('the server form: a rejected answer in the batch holds the card’s later actions', () => {
		const decided = [
			{ queueRevision: 4, reservationId: 'A', rejected: true },
			{ queueRevision: 5, reservationId: 'B', rejected: false }
		];
		expect(heldInBatch(decided, { queueRevision: 6, reservationId: 'A' })).toBe(4);
		expect(heldInBatch(decided, { queueRevision: 7, reservationId: 'B' })).toBeNull();
		expect(heldInBatch(decided, { queueRevision: 8, reservationId: null })).toBeNull();
	});
});
