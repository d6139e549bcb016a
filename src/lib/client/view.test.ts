import { describe, expect, it } from 'vitest';
import type { Action } from '../domain/actions';
import { DEMO_STATIONS } from '../domain/stations';
import type { OutboxRow, OutboxState } from './db';
import { T0, intake, note, serverReservation, status } from '../../testing/client/test-support';
import { deriveBoard } from './view';

let rev = 0;
const row = (id: string, action: Action, state: OutboxState = 'pending'): OutboxRow =>
	({
		...action,
		queueRevision: ++rev,
		deviceId: 'dev_testkiosk01',
		actorUid: 'staff-1',
		reservationId: id,
		baseVersion: 1,
		createdAt: T0,
		state,
		attempts: 0,
		lastAttemptAt: null
	}) as OutboxRow;

describe('deriveBoard', () => {
	const server = [serverReservation('R-1'), serverReservation('R-2', 'Bo')];

	it('re-applies pending, syncing and held actions with the domain rules', () => {
		const board = deriveBoard(
			server,
			[
				row('R-1', status('CONFIRMED')),
				row('R-1', note('kiln 2'), 'held'),
				row('R-2', status('CANCELLED', 'gone'), 'syncing')
			],
			DEMO_STATIONS,
			T0
		);
		const r1 = board.find((c) => c.reservation.id === 'R-1')!;
		expect(r1.reservation.status).toBe('CONFIRMED');
		expect(r1.reservation.staffNotes.map((n) => n.text)).toEqual(['kiln 2']);
		expect(r1.server?.status).toBe('REQUESTED');
		// A held row with no failure in front of it any more is about to go: it counts as pending.
		expect([r1.pending, r1.held, r1.failed]).toEqual([2, 0, 0]);
		expect(board.find((c) => c.reservation.id === 'R-2')!.reservation.status).toBe('CANCELLED');
	});

	it('does not apply actions held behind a failure, and names the failure they wait on', () => {
		const failed = row('R-1', status('CONFIRMED'), 'failed');
		const board = deriveBoard(
			server,
			[failed, row('R-1', note('after the failure')), row('R-1', status('WAITLISTED'), 'held')],
			DEMO_STATIONS,
			T0
		);
		const r1 = board.find((c) => c.reservation.id === 'R-1')!;
		expect(r1.reservation.staffNotes).toBe(r1.server?.staffNotes ?? null);
		expect(r1.reservation.status).toBe('REQUESTED');
		expect([r1.pending, r1.held, r1.failed]).toEqual([0, 2, 1]);
		expect(r1.waitingOn).toEqual([failed.queueRevision]);
	});

	it('drops failed actions so their optimism disappears, but counts them', () => {
		const board = deriveBoard(
			server,
			[row('R-1', status('CONFIRMED'), 'failed')],
			DEMO_STATIONS,
			T0
		);
		const r1 = board.find((c) => c.reservation.id === 'R-1')!;
		expect(r1.reservation.status).toBe('REQUESTED');
		expect(r1.failed).toBe(1);
	});

	it('creates optimistic cards for intake and ignores synced rows', () => {
		const board = deriveBoard(
			server,
			[row('R-9', intake('Cy')), row('R-2', status('CONFIRMED'), 'synced')],
			DEMO_STATIONS,
			T0
		);
		const r9 = board.find((c) => c.reservation.id === 'R-9')!;
		expect(r9).toMatchObject({ server: null, pending: 1 });
		expect(r9.reservation.customerName).toBe('Cy');
		expect(board.find((c) => c.reservation.id === 'R-2')!.reservation.status).toBe('REQUESTED');
	});

	it('is the server state exactly when nothing is pending', () => {
		const board = deriveBoard(server, [], DEMO_STATIONS, T0);
		expect(board.map((c) => c.reservation)).toEqual(server);
	});
});
