import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { KilnDb, SCHEMA_V1, SCHEMA_V2, readMeta } from './db';
import { enqueue } from './outbox';
import { T0, status } from '../../testing/client/test-support';

describe('schema upgrade v1 → v2', () => {
	it('keeps pending and failed outbox rows and the revision counter', async () => {
		const name = `kb-upgrade-${Date.now()}`;
		const v1 = new Dexie(name);
		v1.version(1).stores(SCHEMA_V1);
		await v1.open();
		const base = {
			deviceId: 'dev_testkiosk01',
			actorUid: 'staff-1',
			baseVersion: 1,
			createdAt: T0
		};
		await v1.table('outbox').bulkAdd([
			{
				...base,
				...status('CONFIRMED'),
				queueRevision: 1,
				reservationId: 'R-1',
				state: 'failed',
				result: { code: 'conflict', message: 'no', details: null, serverCopy: null, at: T0 }
			},
			{
				...base,
				...status('CANCELLED', 'gone'),
				queueRevision: 2,
				reservationId: 'R-2',
				state: 'pending'
			}
		]);
		await v1.table('meta').bulkPut([{ key: 'deviceId', value: 'dev_testkiosk01' }]);
		v1.close();

		const db = new KilnDb(name);
		await db.open();
		expect(db.verno).toBe(11); // the latest version: v11 added the `contacts` table
		const rows = await db.outbox.orderBy('queueRevision').toArray();
		expect(rows.map((r) => [r.queueRevision, r.state, r.attempts])).toEqual([
			[1, 'failed', 0],
			[2, 'pending', 0]
		]);
		expect(rows[0].result?.code).toBe('conflict');
		expect((await readMeta(db)).nextRevision).toBe(3);
		const next = await enqueue(db, {
			actorUid: 'staff-1',
			reservationId: 'R-3',
			action: status('CONFIRMED'),
			now: T0
		});
		expect(next.ok && next.row.queueRevision).toBe(3);
		expect(await db.archive.count()).toBe(0);
		db.close();
	});
});

describe('schema upgrade v2 → v3', () => {
	it('turns a stored card’s string staff note (and a failed row’s server copy) into entries', async () => {
		const name = `kb-upgrade3-${Date.now()}`;
		const v2 = new Dexie(name);
		v2.version(2).stores(SCHEMA_V2);
		await v2.open();
		const card = { id: 'R-1', updatedAt: T0, staffNotes: 'Fragile handles', status: 'REQUESTED' };
		await v2.table('reservations').bulkPut([card, { ...card, id: 'R-2', staffNotes: null }]);
		await v2.table('outbox').add({
			deviceId: 'dev_testkiosk01',
			actorUid: 'staff-1',
			baseVersion: 1,
			createdAt: T0,
			...status('CONFIRMED'),
			queueRevision: 1,
			reservationId: 'R-1',
			state: 'failed',
			attempts: 1,
			lastAttemptAt: T0,
			result: { code: 'stale', message: 'no', details: null, serverCopy: card, at: T0 }
		});
		v2.close();

		const db = new KilnDb(name);
		await db.open();
		expect(db.verno).toBe(11); // the latest version: v11 added the `contacts` table
		const entry = {
			id: 'legacy:R-1',
			at: T0,
			byUid: 'legacy',
			text: 'Fragile handles',
			source: 'legacy'
		};
		expect((await db.reservations.get('R-1'))?.staffNotes).toEqual([entry]);
		expect((await db.reservations.get('R-2'))?.staffNotes).toEqual([]);
		expect((await db.outbox.get(1))?.result?.serverCopy?.staffNotes).toEqual([entry]);
		db.close();
	});
});
