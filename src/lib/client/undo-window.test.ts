import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { OutboxRow, OutboxState } from './db';
import { planBatch } from './holds';
import { enqueue, withdraw } from './outbox';
import { enrolledDb, intake, note, status } from '../../testing/client/test-support';

const row = (
	queueRevision: number,
	reservationId: string,
	state: OutboxState,
	sendAfter?: string
) => ({ queueRevision, reservationId, state, sendAfter }) as OutboxRow;
const NOW = '2026-11-25T09:00:05.000Z';

describe('undo window (sendAfter)', () => {
	it('holds a row back until its window ends, with everything after it on the same card', () => {
		const rows = [
			row(1, 'A', 'pending', '2026-11-25T09:00:08.000Z'),
			row(2, 'A', 'pending'),
			row(3, 'B', 'pending')
		];
		expect(planBatch(rows, 10, new Set(), NOW).send.map((r) => r.queueRevision)).toEqual([3]);
		const later = '2026-11-25T09:00:08.001Z';
		expect(planBatch(rows, 10, new Set(), later).send.map((r) => r.queueRevision)).toEqual([
			1, 2, 3
		]);
	});

	it('withdraws an unsent row, but not a sent one nor one a later action builds on', async () => {
		const db = await enrolledDb();
		await db.reservations.put({ id: 'R', version: 1 } as never);
		const base = { actorUid: 'staff-1', reservationId: 'R', now: NOW };
		const a = await enqueue(db, { ...base, action: status('CONFIRMED'), sendAfter: NOW });
		const b = await enqueue(db, { ...base, action: note('second') });
		if (!a.ok || !b.ok) throw new Error('enqueue failed');
		expect(a.row.sendAfter).toBe(NOW);
		expect(await withdraw(db, a.row.queueRevision)).toMatchObject({
			ok: false,
			code: 'later_actions'
		});
		expect(await withdraw(db, b.row.queueRevision)).toEqual({ ok: true });
		expect(await withdraw(db, a.row.queueRevision)).toEqual({ ok: true });
		expect(await db.outbox.count()).toBe(0);

		const c = await enqueue(db, { ...base, reservationId: 'N', action: intake('Inés') });
		if (!c.ok) throw new Error('enqueue failed');
		await db.outbox.update(c.row.queueRevision, { state: 'syncing' });
		expect(await withdraw(db, c.row.queueRevision)).toMatchObject({ ok: false, code: 'sent' });
		expect(await db.outbox.count()).toBe(1);
	});
});
