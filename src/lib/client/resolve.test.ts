import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Action } from '../domain/actions';
import type { KilnDb, OutboxRow } from './db';
import { enqueue } from './outbox';
import { clearFailed, discard, heldBehindFailure, markChecked, retryOnCurrent } from './resolve';
import { T0, enrolledDb, note, serverReservation, status } from '../../testing/client/test-support';

const failure = {
	code: 'conflict',
	message: 'no',
	details: null,
	serverCopy: null,
	at: T0
} as const;
const add = async (db: KilnDb, id: string, action: Action) => {
	const out = await enqueue(db, { actorUid: 'staff-1', reservationId: id, action, now: T0 });
	if (!out.ok) throw new Error(out.message);
	return out.row.queueRevision;
};
const fail = (db: KilnDb, rev: number) =>
	db.outbox.update(rev, { state: 'failed', result: failure });
const row = (db: KilnDb, rev: number) => db.outbox.get(rev) as Promise<OutboxRow>;

describe('failure resolution', () => {
	it('clearFailed archives only checked failures and keeps the rest', async () => {
		const db = await enrolledDb();
		const a = await add(db, 'R-1', status('CONFIRMED'));
		const b = await add(db, 'R-2', status('CONFIRMED'));
		const c = await add(db, 'R-3', status('CONFIRMED'));
		await fail(db, a);
		await fail(db, b);
		expect(await markChecked(db, a, 'staff-1', T0, 'fixed by hand')).toEqual({ ok: true });
		expect(await clearFailed(db, 'sup-1', T0)).toEqual({ cleared: 1, kept: 1 });
		expect((await row(db, b)).state).toBe('failed');
		expect((await row(db, c)).state).toBe('pending');
		expect(await db.archive.get(a)).toMatchObject({
			resolution: 'cleared',
			resolvedBy: 'sup-1',
			resolutionNote: 'fixed by hand',
			result: { code: 'conflict' }
		});
	});

	it('only the actor or a supervisor may mark checked', async () => {
		const db = await enrolledDb();
		await db.roster.put({
			uid: 'staff-2',
			name: 'Kim',
			role: 'staff',
			active: true,
			pinSalt: 's',
			pinHash: 'h',
			pinKdf: 'scrypt:16:8:1'
		});
		const a = await add(db, 'R-1', status('CONFIRMED'));
		await fail(db, a);
		expect(await markChecked(db, a, 'staff-2', T0)).toMatchObject({
			ok: false,
			code: 'permission'
		});
		expect(await markChecked(db, a, 'sup-1', T0)).toEqual({ ok: true });
	});

	it('retryOnCurrent queues a new revision on the current version and releases held rows', async () => {
		const db = await enrolledDb();
		await db.reservations.put({ ...serverReservation('R-1'), version: 1 });
		const a = await add(db, 'R-1', status('CONFIRMED'));
		const h = await add(db, 'R-1', note('later'));
		await fail(db, a);
		await db.outbox.update(h, { state: 'held', heldBy: a });
		await db.reservations.put({ ...serverReservation('R-1'), version: 7 });
		expect(await retryOnCurrent(db, a, 'staff-1', T0)).toMatchObject({
			ok: false,
			code: 'permission'
		});
		const out = await retryOnCurrent(db, a, 'sup-1', T0, { [h]: 'release' });
		expect(out).toEqual({ ok: true, newRevision: 3 });
		expect(await row(db, 3)).toMatchObject({
			state: 'pending',
			baseVersion: 7,
			type: 'reservation.status',
			replaces: a,
			actorUid: 'sup-1'
		});
		// The held note follows the retry (revision 4 > 3), so the card's intents keep their order.
		expect(await db.outbox.get(h)).toBeUndefined();
		expect(await row(db, 4)).toMatchObject({
			state: 'pending',
			replaces: h,
			type: 'reservation.note'
		});
		expect((await row(db, 4)).heldBy).toBeUndefined();
		expect(await db.archive.get(h)).toMatchObject({ resolution: 'requeued', retriedAs: 4 });
		expect(await db.archive.get(a)).toMatchObject({
			resolution: 'retried',
			retriedAs: 3,
			result: { code: 'conflict' }
		});
	});

	it('discard archives with the note; a server-held row is re-queued under a new revision', async () => {
		const db = await enrolledDb();
		const a = await add(db, 'R-1', status('CONFIRMED'));
		const h = await add(db, 'R-1', note('later'));
		await fail(db, a);
		await db.outbox.update(h, { state: 'held', heldBy: a, result: { ...failure, code: 'held' } });
		expect(
			await discard(db, a, 'sup-1', 'Customer called, cancel stands', T0, { [h]: 'release' })
		).toEqual({ ok: true });
		expect(await db.archive.get(a)).toMatchObject({
			resolution: 'discarded',
			resolutionNote: 'Customer called, cancel stands'
		});
		expect(await db.outbox.get(h)).toBeUndefined();
		expect(await db.archive.get(h)).toMatchObject({ resolution: 'requeued', retriedAs: 3 });
		expect(await row(db, 3)).toMatchObject({
			state: 'pending',
			type: 'reservation.note',
			replaces: h
		});
	});

	it('names the actions held behind a failure, and only those it alone holds', async () => {
		const db = await enrolledDb();
		const a = await add(db, 'R-1', status('CONFIRMED'));
		const h1 = await add(db, 'R-1', note('one'));
		const b = await add(db, 'R-1', status('WAITLISTED'));
		const h2 = await add(db, 'R-1', note('two'));
		const other = await add(db, 'R-2', note('elsewhere'));
		await fail(db, a);
		await fail(db, b);
		await db.outbox.update(h1, { state: 'held', heldBy: a });
		const rows = await db.outbox.toArray();
		// h2 stays behind b once a is resolved, so resolving a asks about h1 only; resolving b
		// first asks about nothing, as h2 still waits on a.
		expect(heldBehindFailure(rows, a).map((r) => r.queueRevision)).toEqual([h1]);
		expect(heldBehindFailure(rows, b)).toEqual([]);
		const afterA = rows.filter((r) => r.queueRevision !== a && r.queueRevision !== h1);
		expect(heldBehindFailure(afterA, b).map((r) => r.queueRevision)).toEqual([h2]);
		expect(heldBehindFailure(rows, other)).toEqual([]);
	});

	it('refuses to resolve a failure until staff say what becomes of each held action', async () => {
		const db = await enrolledDb();
		const a = await add(db, 'R-1', status('CONFIRMED'));
		const h = await add(db, 'R-1', note('later'));
		const k = await add(db, 'R-1', note('even later'));
		await fail(db, a);
		await db.outbox.update(h, { state: 'held', heldBy: a });
		expect(await discard(db, a, 'sup-1', 'wrong card', T0, { [h]: 'discard' })).toMatchObject({
			ok: false,
			code: 'choices_needed',
			held: [k]
		});
		// Nothing changed: the failure and both held actions are where they were.
		expect((await row(db, a)).state).toBe('failed');
		expect((await row(db, h)).state).toBe('held');
		expect(await db.archive.count()).toBe(0);
		expect(await retryOnCurrent(db, a, 'sup-1', T0)).toMatchObject({ code: 'choices_needed' });
	});

	it('a held action staff chose to discard is archived with the same note, never sent', async () => {
		const db = await enrolledDb();
		const a = await add(db, 'R-1', status('CONFIRMED'));
		const h = await add(db, 'R-1', note('duplicate'));
		const k = await add(db, 'R-1', note('keep me'));
		await fail(db, a);
		await db.outbox.update(h, { state: 'held', heldBy: a });
		const out = await discard(db, a, 'sup-1', 'double tap', T0, { [h]: 'discard', [k]: 'release' });
		expect(out).toEqual({ ok: true });
		expect(await db.outbox.get(h)).toBeUndefined();
		expect(await db.archive.get(h)).toMatchObject({
			resolution: 'discarded',
			resolutionNote: 'double tap',
			resolvedBy: 'sup-1'
		});
		expect((await row(db, k)).state).toBe('pending');
	});

	it('clearFailed leaves a checked failure that still holds actions for one-by-one review', async () => {
		const db = await enrolledDb();
		const a = await add(db, 'R-1', status('CONFIRMED'));
		const h = await add(db, 'R-1', note('later'));
		await fail(db, a);
		await markChecked(db, a, 'staff-1', T0);
		expect(await clearFailed(db, 'sup-1', T0)).toEqual({ cleared: 0, kept: 1 });
		expect((await row(db, h)).state).toBe('pending');
		expect((await row(db, a)).state).toBe('failed');
	});

	it('refuses to resolve rows that are not failed', async () => {
		const db = await enrolledDb();
		const a = await add(db, 'R-1', status('CONFIRMED'));
		expect(await discard(db, a, 'sup-1', 'x', T0)).toMatchObject({ ok: false, code: 'not_failed' });
		expect(await retryOnCurrent(db, 99, 'sup-1', T0)).toMatchObject({
			ok: false,
			code: 'not_found'
		});
	});
});
