import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { derivePinKeys } from '../sync/pin';
import { readMeta } from './db';
import { IdleLock } from './idle-lock';
import { realTimers } from './http';
import { enrol, lockedUntil, unlock } from './session';
import { T0, enrolledDb } from '../../testing/client/test-support';

const NOW = Date.parse(T0);

async function withStaff() {
	const db = await enrolledDb();
	// A cheap KDF setting keeps the unit test fast; the kiosk uses whatever the roster names.
	const pinHash = (await derivePinKeys('1111', 'salt', 'scrypt:10:8:1')).verifier;
	const supHash = (await derivePinKeys('2222', 'salt', 'scrypt:10:8:1')).verifier;
	await db.roster.bulkPut([
		{
			uid: 'sup-1',
			name: 'Ana',
			role: 'supervisor',
			active: true,
			pinSalt: 'salt',
			pinHash: supHash,
			pinKdf: 'scrypt:10:8:1'
		},
		{
			uid: 'staff-1',
			name: 'Sam',
			role: 'staff',
			active: true,
			pinSalt: 'salt',
			pinHash,
			pinKdf: 'scrypt:10:8:1'
		},
		{
			uid: 'gone-1',
			name: 'Old',
			role: 'staff',
			active: false,
			pinSalt: 'salt',
			pinHash,
			pinKdf: 'scrypt:10:8:1'
		}
	]);
	return db;
}

describe('unlock (offline, cached roster)', () => {
	it('accepts the right PIN and refuses inactive staff', async () => {
		const db = await withStaff();
		expect(await unlock(db, 'staff-1', '1111', NOW)).toMatchObject({
			ok: true,
			actor: { uid: 'staff-1' }
		});
		expect(await unlock(db, 'gone-1', '1111', NOW)).toMatchObject({ ok: false, code: 'inactive' });
		expect(await unlock(db, 'nobody', '1111', NOW)).toMatchObject({ ok: false, code: 'unknown' });
	});

	it('locks out after 5 wrong PINs for 30 s, then lets the right PIN in', async () => {
		const db = await withStaff();
		for (let i = 0; i < 4; i++)
			expect(await unlock(db, 'staff-1', '0000', NOW)).toMatchObject({ code: 'wrong_pin' });
		const fifth = await unlock(db, 'staff-1', '0000', NOW);
		expect(fifth).toMatchObject({
			ok: false,
			code: 'locked_out',
			until: new Date(NOW + 30_000).toISOString()
		});
		expect(await unlock(db, 'staff-1', '1111', NOW + 29_000)).toMatchObject({ code: 'locked_out' });
		expect(await unlock(db, 'staff-1', '1111', NOW + 30_001)).toMatchObject({ ok: true });
		expect((await readMeta(db)).pinLocks).toEqual({});
	});

	it('counts wrong PINs per person: one person locked out does not lock out the next', async () => {
		const db = await withStaff();
		for (let i = 0; i < 5; i++) await unlock(db, 'staff-1', '0000', NOW);
		expect(await unlock(db, 'staff-1', '1111', NOW + 1000)).toMatchObject({ code: 'locked_out' });
		expect(lockedUntil(await readMeta(db), 'staff-1', NOW + 1000)).toBe(
			new Date(NOW + 30_000).toISOString()
		);
		expect(lockedUntil(await readMeta(db), 'sup-1', NOW + 1000)).toBeNull();
		expect(await unlock(db, 'sup-1', '2222', NOW + 1000)).toMatchObject({ ok: true });
		// Four typos by one person and one by another do not add up to a lockout.
		for (let i = 0; i < 4; i++) await unlock(db, 'sup-1', '0000', NOW + 40_000);
		expect(await unlock(db, 'staff-1', '0000', NOW + 40_000)).toMatchObject({ code: 'wrong_pin' });
		expect(await unlock(db, 'sup-1', '2222', NOW + 40_000)).toMatchObject({ ok: true });
	});
});

describe('enrol', () => {
	it('stores the credential and asks for persistent storage', async () => {
		const db = await withStaff();
		const persist = vi.fn(async () => true);
		const sent: unknown[] = [];
		const fetch = vi.fn(async (_u: string, init?: RequestInit) => {
			sent.push(JSON.parse(String(init?.body)));
			return Response.json(
				{ deviceId: 'dev_newkiosk99', token: 't2', label: 'Glaze room' },
				{ status: 201 }
			);
		});
		expect(
			await enrol({ db, fetch, timers: realTimers, persist }, ' Glaze room ', 'KB7Q-M2XD-9P')
		).toEqual({ ok: true });
		// An enrolment code, never a PIN, goes to the server.
		expect(sent).toEqual([{ label: 'Glaze room', code: 'KB7Q-M2XD-9P' }]);
		const meta = await readMeta(db);
		expect(meta).toMatchObject({
			deviceId: 'dev_newkiosk99',
			token: 't2',
			label: 'Glaze room',
			persisted: true
		});
		expect(persist).toHaveBeenCalledOnce();
	});

	it('reports a refused code with the server’s code', async () => {
		const db = await withStaff();
		const fetch = async () =>
			Response.json({ error: { code: 'code_rejected', message: 'Expired.' } }, { status: 403 });
		expect(await enrol({ db, fetch, timers: realTimers }, 'x', 'AAAA-BBBB-CC')).toEqual({
			ok: false,
			code: 'code_rejected',
			message: 'Expired.'
		});
	});
});

describe('IdleLock', () => {
	afterEach(() => vi.useRealTimers());

	it('warns 15 s before locking and resets on activity', () => {
		vi.useFakeTimers();
		const onWarn = vi.fn();
		const onLock = vi.fn();
		const lock = new IdleLock({ timers: realTimers, idleMs: 120_000, onWarn, onLock });
		lock.touch();
		vi.advanceTimersByTime(104_000);
		expect(onWarn).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1_000);
		expect(onWarn).toHaveBeenCalledOnce();
		lock.touch();
		vi.advanceTimersByTime(119_000);
		expect(onLock).not.toHaveBeenCalled();
		vi.advanceTimersByTime(1_000);
		expect(onLock).toHaveBeenCalledOnce();
	});
});
