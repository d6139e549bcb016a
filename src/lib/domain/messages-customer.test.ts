import { describe, expect, it } from 'vitest';
import { dryRun, dryRunContext, messagesCustomer, type ReservationAction } from './available';
import { DEMO_STATIONS } from './stations';
import { T0, intake, run } from '../../testing/domain/fixtures';

const ctx = dryRunContext({ uid: 'staff-sam', role: 'staff' }, DEMO_STATIONS, () => [], T0);
const status = (s: 'CONFIRMED' | 'WAITLISTED' | 'CANCELLED'): ReservationAction =>
	({
		type: 'reservation.status',
		payload: {
			status: s,
			staffNotes: 'Customer rang the studio',
			expectation: s === 'WAITLISTED' ? { kind: 'tbd', reason: 'Kiln under repair' } : null
		}
	}) as ReservationAction;
const note: ReservationAction = {
	type: 'reservation.note',
	payload: { staffNotes: 'Glaze looks thin' }
} as ReservationAction;

describe('messagesCustomer', () => {
	it('is true for the status changes the customer is told about', () => {
		const r = intake('R-1');
		for (const s of ['CONFIRMED', 'WAITLISTED', 'CANCELLED'] as const)
			expect(messagesCustomer(dryRun(r, status(s), r.id, ctx)), s).toBe(true);
	});

	it('is false for a staff note, and for a refused action', () => {
		const r = intake('R-2');
		expect(messagesCustomer(dryRun(r, note, r.id, ctx))).toBe(false);
		// Cancelling a cancelled card is refused: nothing would change, so nobody is told.
		const cancelled = run(intake('R-3'), [status('CANCELLED')]);
		const refused = dryRun(cancelled, status('CANCELLED'), cancelled.id, ctx);
		expect(refused.ok).toBe(false);
		expect(messagesCustomer(refused)).toBe(false);
	});
});
