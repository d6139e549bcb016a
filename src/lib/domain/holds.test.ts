import { describe, expect, it } from 'vitest';
import { HoldTracker, heldBehind, type QueuedRef } from './holds';

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
		const holds = new HoldTracker();
		holds.record({ queueRevision: 4, reservationId: 'A', failed: true });
		holds.record({ queueRevision: 5, reservationId: 'B', failed: false });
		holds.record({ queueRevision: 6, reservationId: 'A', failed: true }); // the earliest counts
		expect(holds.blocker({ reservationId: 'A' })).toBe(4);
		expect(holds.blocker({ reservationId: 'B' })).toBeNull();
		expect(holds.blocker({ reservationId: null })).toBeNull();
	});

	it('the running map answers as heldBehind does on the same rows', () => {
		const rows = [
			row(1, 'A', 'failed'),
			row(2, 'B', 'synced'),
			row(3, 'A', 'pending'),
			row(4, 'B', 'failed'),
			row(5, 'B', 'pending'),
			row(6, 'C', 'pending'),
			row(7, null, 'pending')
		];
		const holds = new HoldTracker();
		const running = new Map<number, number>();
		for (const r of rows) {
			const b = holds.blocker(r);
			if (b !== null && r.state !== 'failed') running.set(r.queueRevision, b);
			holds.record({ ...r, failed: r.state === 'failed' });
		}
		expect(running).toEqual(heldBehind(rows));
		expect([...running]).toEqual([
			[3, 1],
			[5, 4]
		]);
	});
});
