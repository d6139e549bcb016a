import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { KilnDb } from './db';
import { enqueue } from './outbox';
import { clearFailed, markChecked } from './resolve';
import {
	T0,
	enrolledDb,
	intake,
	serverReservation,
	status
} from '../../testing/client/test-support';

describe('enqueue', () => {
	it('hands out rising revisions with the server copy as base version', async () => {
		const db = await enrolledDb();
		await db.reservations.put({ ...serverReservation('R-1'), version: 4 });
		const a = await enqueue(db, {
			actorUid: 'staff-1',
			reservationId: 'R-1',
			action: status('CONFIRMED'),
			now: T0
		});
		const b = await enqueue(db, {
			actorUid: 'staff-1',
			reservationId: 'R-new',
			action: intake(),
			now: T0
		});
		const c = await enqueue(db, {
			actorUid: 'staff-1',
			reservationId: 'R-9',
			action: status('CONFIRMED'),
			now: T0
		});
		if (!a.ok || !b.ok || !c.ok) throw new Error('enqueue failed');
		expect([a.row.queueRevision, b.row.queueRevision, c.row.queueRevision]).toEqual([1, 2, 3]);
		expect([a.row.baseVersion, b.row.baseVersion, c.row.baseVersion]).toEqual([4, 0, 0]);
		expect(a.row).toMatchObject({
			state: 'pending',
			deviceId: 'dev_testkiosk01',
			actorUid: 'staff-1',
			attempts: 0,
			type: 'reservation.status'
		});
	});

	it('never reuses a revision after failures are cleared to the archive', async () => {
		const db = await enrolledDb();
		for (let i = 0; i < 3; i++)
			await enqueue(db, {
				actorUid: 'staff-1',
				reservationId: `R-${i}`,
				action: status('CONFIRMED'),
				now: T0
			});
		await db.outbox.toCollection().modify({
			state: 'failed',
			result: { code: 'conflict', message: 'x', details: null, serverCopy: null, at: T0 }
		});
		for (const rev of [1, 2, 3]) await markChecked(db, rev, 'staff-1', T0);
		expect(await clearFailed(db, 'staff-1', T0)).toEqual({ cleared: 3, kept: 0 });
		expect(await db.outbox.count()).toBe(0);
		// Even a lost counter cannot hand out an archived revision again.
		await db.meta.delete('nextRevision');
		const next = await enqueue(db, {
			actorUid: 'staff-1',
			reservationId: 'R-1',
			action: status('CONFIRMED'),
			now: T0
		});
		expect(next.ok && next.row.queueRevision).toBe(4);
	});

	it('never reuses a revision when two contexts queue into one database in turn', async () => {
		// A second tab: its own database object, so its own remembered counter.
		const a = await enrolledDb();
		const b = new KilnDb(a.name);
		await b.open();
		const revs: number[] = [];
		for (const [i, db] of [a, a, b, a, b, b, a].entries()) {
			const out = await enqueue(db, {
				actorUid: 'staff-1',
				reservationId: `R-${i}`,
				action: status('CONFIRMED'),
				now: T0
			});
			if (!out.ok) throw new Error(out.message);
			revs.push(out.row.queueRevision);
		}
		expect(revs).toEqual([1, 2, 3, 4, 5, 6, 7]);
		// A counter set back below the queue (a restore) is noticed although this context wrote it.
		await a.meta.put({ key: 'nextRevision', value: 3 });
		const next = await enqueue(a, {
			actorUid: 'staff-1',
			reservationId: 'R-x',
			action: status('CONFIRMED'),
			now: T0
		});
		expect(next.ok && next.row.queueRevision).toBe(8);
		b.close();
	});

	it('refuses without enrolment and keeps nothing', async () => {
		const db = new KilnDb(`kb-unenrolled-${Date.now()}`);
		const out = await enqueue(db, {
			actorUid: 'staff-1',
			reservationId: 'R-1',
			action: status('CONFIRMED'),
			now: T0
		});
		expect(out).toMatchObject({ ok: false, code: 'not_enrolled' });
		expect(await db.outbox.count()).toBe(0);
	});
});
