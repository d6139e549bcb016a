import { describe, expect, it } from 'vitest';
import type { OutboxRow, OutboxState } from './db';
import { deriveSyncState, syncNowBlocker } from './sync-state';

// Revisions 2 and 3 are on one card, so 3 waits on the failure of 2; the rest are elsewhere.
const row = (rev: number, state: OutboxState, createdAt: string) =>
	({ queueRevision: rev, state, createdAt, reservationId: rev <= 3 ? 'R-1' : 'R-2' }) as OutboxRow;

describe('deriveSyncState', () => {
	const rows = [
		row(1, 'synced', '2026-11-25T08:00:00.000Z'),
		row(2, 'failed', '2026-11-25T08:01:00.000Z'),
		row(3, 'held', '2026-11-25T08:02:00.000Z'),
		row(4, 'pending', '2026-11-25T08:03:00.000Z'),
		row(5, 'syncing', '2026-11-25T08:04:00.000Z')
	];

	it('counts rows and finds the oldest unsent action', () => {
		const s = deriveSyncState(
			rows,
			{ lastSyncAt: 'x', serverReachable: true },
			{ online: true, phase: 'pushing' }
		);
		expect(s).toMatchObject({
			status: 'failed',
			pending: 1,
			syncing: 1,
			held: 1,
			failed: 1,
			queueLength: 4,
			oldestPendingAt: '2026-11-25T08:02:00.000Z',
			lastSyncAt: 'x',
			phase: 'pushing'
		});
	});

	it('counts a row behind a failure as held even before the drainer marked it', () => {
		const s = deriveSyncState(
			[row(2, 'failed', 'a'), row(3, 'pending', 'b'), row(4, 'held', 'c')],
			{},
			{ online: true, phase: 'idle' }
		);
		// 4 is on another card: nothing holds it any more, so it is about to be sent.
		expect([s.pending, s.held, s.failed]).toEqual([1, 1, 1]);
	});

	it('is synced with an empty queue and pending while anything waits', () => {
		expect(deriveSyncState([rows[0]], {}, { online: true, phase: 'idle' }).status).toBe('synced');
		expect(deriveSyncState(rows.slice(2), {}, { online: true, phase: 'idle' }).status).toBe(
			'pending'
		);
	});

	it('tells a device offline from a server unreachable', () => {
		const offline = deriveSyncState(
			[],
			{ serverReachable: true },
			{ online: false, phase: 'idle' }
		);
		const down = deriveSyncState([], { serverReachable: false }, { online: true, phase: 'idle' });
		expect([offline.online, offline.serverReachable]).toEqual([false, false]);
		expect([down.online, down.serverReachable]).toEqual([true, false]);
		expect(syncNowBlocker(offline)).toMatch(/offline/);
		expect(syncNowBlocker(down)).toMatch(/Nothing/);
		expect(syncNowBlocker(deriveSyncState(rows, {}, { online: true, phase: 'idle' }))).toBeNull();
	});

	it('surfaces sign-in and revocation flags', () => {
		const s = deriveSyncState(
			[],
			{ needsSignIn: true, deviceRevoked: true },
			{ online: true, phase: 'idle' }
		);
		expect([s.needsSignIn, s.deviceRevoked]).toEqual([true, true]);
	});
});
