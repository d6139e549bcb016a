import { describe, expect, it } from 'vitest';
import { NotificationKind } from './effects';
import { customerMessage } from './messages';
import { StorageStatus, type Reservation } from './reservation';
import { evaluateStorage } from './storage';
import { confirm, intake, load, run, T0 } from '../../testing/domain/fixtures';

const RAW =
	/status:|->|_pending|stored_by_policy|queue_fairness|pickup_ready|\bnull\b|undefined|NaN|\[object/;

function cards(): Reservation[] {
	const requested = intake('m1', { customerName: 'Mina' });
	const waitTbd = run(intake('m2'), [
		{
			type: 'reservation.status',
			payload: {
				status: 'WAITLISTED',
				expectation: { kind: 'tbd', reason: 'Kiln A is being repaired' }
			}
		}
	]);
	const ready = run(
		intake('m3', { estimatedHalfShelves: 3, assignedStationId: 'studio-kiln-a' }),
		[confirm, load('loaded')],
		{
			now: T0
		}
	);
	const stored = StorageStatus.options.map((s) => ({ ...ready, storageStatus: s }));
	const billed = evaluateStorage(ready, '2026-03-25T00:00:00.000Z', 'UTC').reservation;
	return [requested, waitTbd, ready, billed, ...stored];
}

describe('customer messages', () => {
	it('every kind renders for every card without raw codes', () => {
		for (const r of cards())
			for (const kind of NotificationKind.options) {
				const { title, body } = customerMessage(kind, r, 'UTC');
				expect(title.length).toBeGreaterThan(5);
				expect(`${title} ${body}`, `${kind} for ${r.id}/${r.storageStatus}`).not.toMatch(RAW);
			}
	});

	it('request received gives queue context and a stable TBD line without an ETA', () => {
		const r = intake('m1', { customerName: 'Mina' });
		const body = customerMessage('request_received', r, 'UTC').body;
		expect(body).toContain('in the studio queue');
		expect(body).toContain('to be confirmed');
		expect(
			customerMessage('request_received', { ...r, updatedAt: '2027-01-01T00:00:00.000Z' }, 'UTC')
				.body
		).toBe(body);
		const placed = {
			...r,
			queuePositionHint: 3,
			estimatedWindow: {
				currentStart: '2026-03-03T00:00:00.000Z',
				currentEnd: '2026-03-05T00:00:00.000Z',
				band: 1,
				anchorAt: T0,
				updatedAt: T0,
				slaState: 'at_risk' as const,
				confidence: 'medium' as const,
				promisedStart: '2026-03-03T00:00:00.000Z',
				promisedSlaState: 'at_risk' as const
			}
		};
		expect(customerMessage('request_received', placed, 'UTC').body).toMatch(
			/number 3 in line.*Tue, Mar 3 – Thu, Mar 5/
		);
	});

	it('waitlisted carries the expectation; ready names pickup timing and storage terms', () => {
		const [, wait, ready] = cards();
		expect(customerMessage('waitlisted', wait, 'UTC').body).toContain('Kiln A is being repaired');
		const body = customerMessage('ready_for_pickup', ready, 'UTC').body;
		expect(body).toContain('collect it by Sun, Mar 15');
		expect(body).toContain('free until Fri, Mar 20');
		expect(body).toContain('$1.50 per half-shelf per day (your work uses 3)');
	});

	it('storage escalation gives status words, notices, latest date, billed amount and collection path', () => {
		const billed = cards()[3];
		const body = customerMessage('storage_escalation', billed, 'UTC').body;
		expect(body).toContain('in billed storage');
		expect(body).toContain('3 reminder(s)');
		expect(body).toContain('latest update was on Wed, Mar 25');
		expect(body).toContain('billed so far: $18.00');
		expect(body).toContain('reclaims uncollected work on Fri, Apr 17');
		expect(body).toContain('$15.00 hold');
		expect(body).toContain('To collect it');
	});
});
