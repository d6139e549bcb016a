import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { OutboxRow } from './db';
import { enqueue } from './outbox';
import { KEEP_SYNCED, pruneSynced } from './prune';
import { T0, enrolledDb, status } from '../../testing/client/test-support';

describe('pruneSynced', () => {
	it('drops only old synced rows beyond the newest ones; never pending or failed', async () => {
		const db = await enrolledDb();
		const total = KEEP_SYNCED + 10;
		for (let i = 0; i < total; i++)
			await enqueue(db, {
				actorUid: 'staff-1',
				reservationId: `R-${i}`,
				action: status('CONFIRMED'),
				now: T0
			});
		await db.outbox.toCollection().modify((r: OutboxRow) => {
			r.state = r.queueRevision === 1 ? 'failed' : r.queueRevision === 2 ? 'pending' : 'synced';
		});
		const twoDaysLater = Date.parse(T0) + 48 * 3_600_000;
		expect(await pruneSynced(db, Date.parse(T0))).toBe(0); // too recent
		expect(await pruneSynced(db, twoDaysLater)).toBe(total - 2 - KEEP_SYNCED);
		expect((await db.outbox.get(1))?.state).toBe('failed');
		expect((await db.outbox.get(2))?.state).toBe('pending');
		expect(await db.outbox.where('state').equals('synced').count()).toBe(KEEP_SYNCED);
		const next = await enqueue(db, {
			actorUid: 'staff-1',
			reservationId: 'R-x',
			action: status('CONFIRMED'),
			now: T0
		});
		expect(next.ok && next.row.queueRevision).toBe(total + 1);
	});
});
