import { describe, expect, it } from 'vitest';
import { shownArrivalCode } from '../domain/arrival-code';
import { DEMO_STATIONS } from '../domain/stations';
import type { OutboxRow } from './db';
import { T0, serverReservation, status } from '../../testing/client/test-support';
import { deriveBoard } from './view';

const pending = (id: string): OutboxRow =>
	({
		...status('CONFIRMED'),
		queueRevision: 1,
		deviceId: 'dev_testkiosk01',
		actorUid: 'staff-1',
		reservationId: id,
		baseVersion: 1,
		createdAt: T0,
		state: 'pending',
		attempts: 0,
		lastAttemptAt: null
	}) as OutboxRow;

describe('the kiosk never shows its own arrival-code guess as the customer’s', () => {
	it('an optimistic confirm has a random local code, shown as "issued on sync"', () => {
		const [a, b] = [0, 1].map(() =>
			deriveBoard([serverReservation('R-1')], [pending('R-1')], DEMO_STATIONS, T0).find(
				(c) => c.reservation.id === 'R-1'
			)!
		);
		expect(a.reservation.arrivalToken).toMatch(/^MF-ARR-/);
		// crypto.getRandomValues: two derivations guess differently, so neither can be the real one.
		expect(a.reservation.arrivalToken).not.toBe(b.reservation.arrivalToken);
		expect(shownArrivalCode(a.reservation, a.server)).toBe('pending_sync');
	});

	it('once the server copy carries the code, that code is shown', () => {
		const confirmed = deriveBoard(
			[serverReservation('R-1')],
			[pending('R-1')],
			DEMO_STATIONS,
			T0
		)[0].reservation;
		const synced = deriveBoard([confirmed], [], DEMO_STATIONS, T0)[0];
		expect(shownArrivalCode(synced.reservation, synced.server)).toBe(confirmed.arrivalToken);
		expect(shownArrivalCode(serverReservation('R-2'), null)).toBeNull();
	});
});
