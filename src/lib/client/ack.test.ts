import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ackedRevision } from './ack';
import type { KilnDb, OutboxState } from './db';
import { enqueue } from './outbox';
import { enrolledDb, note, T0 } from '../../testing/client/test-support';

const queue = async (db: KilnDb, states: OutboxState[]) => {
	for (const _ of states)
		await enqueue(db, { actorUid: 'staff-1', reservationId: 'R-1', action: note('x'), now: T0 });
	await Promise.all(states.map((state, i) => db.outbox.update(i + 1, { state })));
};

describe('ackedRevision', () => {
	it('is 0 on a kiosk that has handed out nothing', async () => {
		expect(await ackedRevision(await enrolledDb())).toBe(0);
	});

	it('stops below the lowest row that may still be sent', async () => {
		const db = await enrolledDb();
		await queue(db, ['synced', 'synced', 'held', 'synced', 'pending']);
		expect(await ackedRevision(db)).toBe(2);
		await db.outbox.update(3, { state: 'failed' });
		expect(await ackedRevision(db)).toBe(2);
		await db.outbox.update(3, { state: 'synced' });
		expect(await ackedRevision(db)).toBe(4);
	});

	it('covers every revision handed out once nothing is open (pruned or archived rows too)', async () => {
		const db = await enrolledDb();
		await queue(db, ['synced', 'synced', 'synced']);
		await db.outbox.bulkDelete([1, 2]);
		expect(await ackedRevision(db)).toBe(3);
	});
});
