import { describe, expect, it } from 'vitest';
import type { OutboxRow, OutboxState } from './db';
import { planBatch } from './holds';

const row = (queueRevision: number, reservationId: string, state: OutboxState, heldBy?: number) =>
	({ queueRevision, reservationId, state, heldBy }) as OutboxRow;
const revs = (rows: OutboxRow[]) => rows.map((r) => r.queueRevision);

describe('planBatch', () => {
	it('holds later rows behind a failure on the same card only', () => {
		const plan = planBatch(
			[
				row(1, 'A', 'failed'),
				row(2, 'A', 'pending'),
				row(3, 'B', 'pending'),
				row(4, 'A', 'held', 1)
			],
			10
		);
		expect(revs(plan.send)).toEqual([3]);
		expect(plan.hold).toEqual([{ queueRevision: 2, heldBy: 1 }]);
		expect(plan.release).toEqual([]);
	});

	it('releases held rows whose failure is gone, in revision order', () => {
		const plan = planBatch([row(5, 'A', 'held', 1), row(2, 'B', 'pending')], 10);
		expect(revs(plan.send)).toEqual([2, 5]);
		expect(plan.release).toEqual([5]);
	});

	it('bounds the batch and never lets a row overtake a skipped one on its card', () => {
		const rows = [
			row(1, 'A', 'pending'),
			row(2, 'A', 'pending'),
			row(3, 'B', 'pending'),
			row(4, 'C', 'pending')
		];
		expect(revs(planBatch(rows, 2).send)).toEqual([1, 2]);
		expect(revs(planBatch(rows, 10, new Set([1])).send)).toEqual([3, 4]);
	});
});
