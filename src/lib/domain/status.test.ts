import { describe, expect, it } from 'vitest';
import { ReservationStatus, type Reservation } from './reservation';
import { STATUS_TRANSITIONS, canTransition } from './status';
import { act, intake, must, run, T0 } from '../../testing/domain/fixtures';

const STATUSES = ReservationStatus.options;
const expectation = { kind: 'tbd', reason: 'Kiln B element replacement' } as const;

/** A card sitting in `status`, reached by legal moves. */
function cardIn(status: ReservationStatus): Reservation {
	const r = intake('res-a');
	if (status === 'REQUESTED') return r;
	return run(r, [
		{
			type: 'reservation.status',
			payload: {
				status,
				expectation: status === 'WAITLISTED' ? expectation : null,
				staffNotes: status === 'CANCELLED' ? 'Customer withdrew' : null
			}
		}
	]);
}

const allowed: Record<ReservationStatus, ReservationStatus[]> = {
	REQUESTED: ['CONFIRMED', 'WAITLISTED', 'CANCELLED'],
	CONFIRMED: ['WAITLISTED', 'CANCELLED'],
	WAITLISTED: ['CONFIRMED', 'CANCELLED'],
	CANCELLED: []
};

describe('status transition table', () => {
	it('matches the issue table exactly', () => {
		expect(STATUS_TRANSITIONS).toEqual(allowed);
	});

	for (const from of STATUSES) {
		for (const to of STATUSES) {
			const legal = from === to ? from !== 'CANCELLED' : allowed[from].includes(to);
			it(`${from} → ${to} is ${legal ? 'allowed' : 'refused'}`, () => {
				expect(canTransition(from, to)).toBe(legal);
				const before = cardIn(from);
				const res = act(before, {
					type: 'reservation.status',
					payload: {
						status: to,
						staffNotes:
							from === to ? 'Rechecked shelf fit' : to === 'CANCELLED' ? 'Withdrawn' : null,
						expectation: to === 'WAITLISTED' ? expectation : null
					}
				});
				if (!legal) {
					expect(res.ok).toBe(false);
					if (!res.ok) expect(res.code).toBe('conflict');
					return;
				}
				const after = must(res).reservation;
				expect(after.status).toBe(to);
				expect(after.stageHistory).toHaveLength(before.stageHistory.length + 1);
				const row = after.stageHistory.at(-1)!;
				expect(row).toMatchObject({
					fromStatus: from,
					toStatus: to,
					reason: `status:${from}->${to}`
				});
				expect(after.stageStatus.reason).toBe(row.reason);
				expect(after.stageStatus.stage).toBe(row.toStage);
				expect(after.version).toBe(before.version + 1);
				expect(after.fieldVersions.status).toBe(after.version);
			});
		}
	}
});

describe('status rules', () => {
	it('waitlisting needs a practical expectation', () => {
		const res = act(intake('r'), { type: 'reservation.status', payload: { status: 'WAITLISTED' } });
		expect(res.ok ? null : res.code).toBe('invalid');
		const win = act(intake('r'), {
			type: 'reservation.status',
			payload: {
				status: 'WAITLISTED',
				expectation: {
					kind: 'window',
					targetStart: '2026-03-10T00:00:00.000Z',
					targetEnd: '2026-03-12T00:00:00.000Z'
				}
			}
		});
		expect(must(win).reservation.waitlistExpectation?.kind).toBe('window');
	});

	it('same status needs a note and is recorded with it', () => {
		const r = cardIn('CONFIRMED');
		const bare = act(r, { type: 'reservation.status', payload: { status: 'CONFIRMED' } });
		expect(bare.ok ? null : bare.code).toBe('invalid');
		const out = must(
			act(r, {
				type: 'reservation.status',
				payload: { status: 'CONFIRMED', staffNotes: 'Glaze checked' }
			})
		);
		expect(out.reservation.stageHistory.at(-1)).toMatchObject({
			fromStatus: 'CONFIRMED',
			toStatus: 'CONFIRMED',
			notes: 'Glaze checked'
		});
		expect(out.reservation.staffNotes.map((n) => n.text)).toEqual(['Glaze checked']);
	});

	it('stageStatus always equals the latest status/load transition along the QA path', () => {
		let r = intake('qa', { assignedStationId: 'studio-kiln-a' });
		const steps = [
			{ type: 'reservation.status', payload: { status: 'CONFIRMED' } },
			{
				type: 'reservation.status',
				payload: { status: 'WAITLISTED', staffNotes: 'Kiln full', expectation }
			},
			{ type: 'reservation.status', payload: { status: 'CONFIRMED', staffNotes: 'Slot opened' } },
			{ type: 'reservation.load', payload: { loadStatus: 'loaded' } }
		] as const;
		for (const s of steps) {
			const n = r.stageHistory.length;
			r = must(act(r, s)).reservation;
			expect(r.stageHistory).toHaveLength(n + 1);
			expect(r.stageStatus.reason).toBe(r.stageHistory.at(-1)!.reason);
		}
		expect(r.stageStatus.stage).toBe('loaded');
		expect(r.stageHistory.map((h) => h.toStage)).toEqual([
			'intake',
			'queued',
			'queued',
			'queued',
			'loaded'
		]);
	});

	it('confirming issues an arrival code; cancelling clears the queue position', () => {
		const c = cardIn('CONFIRMED');
		expect(c.arrivalToken).toMatch(/^MF-ARR-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
		expect(c.arrivalStatus).toBe('expected');
		const x = run({ ...c, queuePositionHint: 3 }, [
			{
				type: 'reservation.status',
				payload: { status: 'CANCELLED', staffNotes: 'Customer withdrew' }
			}
		]);
		expect(x.queuePositionHint).toBeNull();
	});

	it('sends one customer message per real status change, none for a same-status note', () => {
		const r = intake('r');
		expect(
			must(
				act(r, { type: 'reservation.status', payload: { status: 'CONFIRMED' } })
			).effects.notifications.map((n) => n.kind)
		).toEqual(['confirmed']);
		const c = cardIn('CONFIRMED');
		expect(
			must(
				act(c, { type: 'reservation.status', payload: { status: 'CONFIRMED', staffNotes: 'ok' } })
			).effects.notifications
		).toEqual([]);
	});
});

describe('admin override out of CANCELLED', () => {
	const cancelled = () => cardIn('CANCELLED');
	const override = (status: ReservationStatus) =>
		({
			type: 'reservation.status',
			payload: { status, override: { reason: 'Cancelled by mistake at the desk' } }
		}) as const;

	it('is refused for staff and supervisors', () => {
		for (const role of ['staff', 'supervisor'] as const) {
			const res = act(cancelled(), override('CONFIRMED'), { role });
			expect(res.ok ? null : res.code).toBe('permission');
		}
	});

	it('lets an admin reopen as CONFIRMED with an audited history row', () => {
		const out = must(
			act(cancelled(), override('CONFIRMED'), { role: 'admin', uid: 'admin-alex', now: T0 })
		);
		expect(out.reservation.status).toBe('CONFIRMED');
		expect(out.reservation.stageHistory.at(-1)).toMatchObject({
			fromStatus: 'CANCELLED',
			toStatus: 'CONFIRMED',
			reason: 'admin_override:CANCELLED->CONFIRMED',
			actorUid: 'admin-alex',
			actorRole: 'admin',
			notes: 'Cancelled by mistake at the desk'
		});
		expect(out.reservation.arrivalToken).not.toBeNull();
	});

	it('only targets REQUESTED/CONFIRMED from CANCELLED', () => {
		const res = act(cardIn('CONFIRMED'), override('REQUESTED'), { role: 'admin' });
		expect(res.ok ? null : res.code).toBe('invalid');
		const w = act(cancelled(), override('WAITLISTED'), { role: 'admin' });
		expect(w.ok ? null : w.code).toBe('invalid');
		expect(
			must(act(cancelled(), override('REQUESTED'), { role: 'admin' })).reservation.status
		).toBe('REQUESTED');
	});
});

describe('waitlist windows and cancel reasons', () => {
	const waitlist = (targetStart: string, targetEnd: string) =>
		({
			type: 'reservation.status',
			payload: {
				status: 'WAITLISTED',
				staffNotes: 'Kiln full',
				expectation: { kind: 'window', targetStart, targetEnd }
			}
		}) as const;
	const now = '2026-03-05T20:00:00.000Z';

	it('refuses a target window that ended before now, and sends nothing', () => {
		const out = act(
			intake('w1'),
			waitlist('2026-03-01T00:00:00.000Z', '2026-03-03T00:00:00.000Z'),
			{
				now
			}
		);
		expect(out).toMatchObject({ ok: false, code: 'invalid' });
		expect(
			must(
				act(intake('w2'), waitlist('2026-03-06T00:00:00.000Z', '2026-03-09T00:00:00.000Z'), { now })
			).effects.notifications
		).toHaveLength(1);
	});

	it('judges "ended" by the studio day, on both sides of UTC', () => {
		// 10:00Z on 03-05 is still 03-05 in Los Angeles (02:00) and in Tokyo (19:00). At 20:00Z it is
		// 12:00 on 03-05 in Los Angeles (the day is not over) but 05:00 on 03-06 in Tokyo (it is).
		const w = waitlist('2026-03-04T10:00:00.000Z', '2026-03-05T10:00:00.000Z');
		expect(act(intake('la'), w, { now, timeZone: 'America/Los_Angeles' }).ok).toBe(true);
		expect(act(intake('tk'), w, { now, timeZone: 'Asia/Tokyo' })).toMatchObject({
			ok: false,
			code: 'invalid'
		});
	});

	it('cancel needs a written reason, because the customer is told', () => {
		const cancel = (staffNotes: string | null) =>
			({ type: 'reservation.status', payload: { status: 'CANCELLED', staffNotes } }) as const;
		expect(act(intake('c1'), cancel(null))).toMatchObject({ ok: false, code: 'invalid' });
		expect(act(intake('c2'), cancel('  ok '))).toMatchObject({ ok: false, code: 'invalid' });
		const done = must(act(intake('c3'), cancel('Customer withdrew the work')));
		expect(done.reservation.status).toBe('CANCELLED');
		expect(done.effects.notifications.map((n) => n.kind)).toEqual(['cancelled']);
	});
});
