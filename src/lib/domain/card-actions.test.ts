import { describe, expect, it } from 'vitest';
import { DEMO_STATIONS } from './stations';
import { applyStationAction, waitlistSuggestions } from './station-availability';
import { act, assign, confirm, intake, makeCtx, must, run } from '../../testing/domain/fixtures';

const hold = (on: boolean, reason = 'Tall piece may touch elements') =>
	({ type: 'reservation.safety_hold', payload: { hold: on, reason } }) as const;
const cancel = {
	type: 'reservation.status',
	payload: { status: 'CANCELLED', staffNotes: 'Customer withdrew' }
} as const;

describe('safety hold', () => {
	it('sets and releases with history rows and leaves stageStatus alone; repeats are noops', () => {
		const r = run(intake('h'), [confirm]);
		const held = must(act(r, hold(true))).reservation;
		expect(held.safetyHold).toMatchObject({
			reason: 'Tall piece may touch elements',
			byUid: 'staff-sam'
		});
		expect(held.stageHistory.at(-1)?.reason).toBe('safety_hold_set');
		expect(held.stageStatus).toEqual(r.stageStatus);
		expect(must(act(held, hold(true))).noop).toBe(true);
		const free = must(act(held, hold(false, 'Checked clearance'))).reservation;
		expect(free.safetyHold).toBeNull();
		expect(act(run(r, [cancel]), hold(true))).toMatchObject({ ok: false, code: 'conflict' });
	});
});

describe('escalation', () => {
	it('needs an updated note; sends the delayed message with what changed and next update', () => {
		const r = run(intake('e'), [confirm]);
		const esc = {
			type: 'reservation.escalate',
			payload: { staffNotes: 'Kiln A element failed', reason: 'Kiln A needs a new element' }
		} as const;
		const out = must(act(r, esc));
		expect(out.reservation.stageHistory.at(-1)).toMatchObject({
			reason: 'eta_escalated',
			notes: 'Kiln A needs a new element'
		});
		const msg = out.effects.notifications[0];
		expect(msg.kind).toBe('delayed');
		expect(msg.body).toContain('What changed: Kiln A needs a new element');
		expect(msg.body).toContain('Expected firing window');
		expect(msg.body).toMatch(/another update by \w{3}, \w{3} \d+/);
		expect(act(out.reservation, esc)).toMatchObject({ ok: false, code: 'invalid' });
	});
});

describe('reactivation', () => {
	const cancelled = () =>
		run(
			intake('old', {
				estimatedHalfShelves: 3,
				assignedStationId: 'kiln-a',
				pieces: [{ pieceLabel: 'Blue bowl' }]
			}),
			[cancel]
		);
	const react = (newReservationId: string) =>
		({
			type: 'reservation.reactivate',
			payload: { newReservationId, reason: 'Member asked to fire after all' }
		}) as const;

	it('creates a linked REQUESTED copy and leaves the old one CANCELLED', () => {
		const old = cancelled();
		const out = must(act(old, react('new-1')));
		expect(out.reservation.status).toBe('CANCELLED');
		expect(out.reservation.linkedReservationId).toBe('new-1');
		expect(out.reservation.stageHistory.at(-1)?.reason).toBe('reactivation_requested');
		const c = out.created!;
		expect(c).toMatchObject({
			id: 'new-1',
			status: 'REQUESTED',
			linkedReservationId: 'old',
			estimatedHalfShelves: 3,
			assignedStationId: null,
			customerName: old.customerName
		});
		expect(c.pieces.map((p) => p.pieceLabel)).toEqual(['Blue bowl']);
		expect(c.stageHistory).toHaveLength(1);
		expect(c.stageHistory[0]).toMatchObject({ reason: 'reactivated_from', toStatus: 'REQUESTED' });
		expect(out.effects.notifications.map((n) => [n.kind, n.reservationId])).toEqual([
			['request_received', 'new-1']
		]);
	});

	it('is a noop for the same new id, a conflict for a second one or a live card', () => {
		const done = must(act(cancelled(), react('new-1'))).reservation;
		expect(must(act(done, react('new-1'))).noop).toBe(true);
		expect(act(done, react('new-2'))).toMatchObject({ ok: false, code: 'conflict' });
		expect(act(intake('live'), react('new-3'))).toMatchObject({ ok: false, code: 'conflict' });
	});
});

describe('station availability', () => {
	const kilnB = DEMO_STATIONS[1];
	const down = {
		type: 'station.availability',
		payload: { stationId: 'kiln-b', available: false, reason: 'Element out' }
	} as const;

	it('needs a supervisor, updates the station, repeats are noops', () => {
		expect(applyStationAction(kilnB, down, makeCtx())).toMatchObject({
			ok: false,
			code: 'permission'
		});
		const res = applyStationAction(kilnB, down, makeCtx({ role: 'supervisor' }));
		expect(res).toMatchObject({
			ok: true,
			noop: false,
			station: { available: false, unavailableReason: 'Element out' }
		});
		if (!res.ok) return;
		expect(applyStationAction(res.station, down, makeCtx({ role: 'supervisor' }))).toMatchObject({
			ok: true,
			noop: true
		});
		const up = applyStationAction(
			res.station,
			{ ...down, payload: { ...down.payload, available: true, reason: 'Fixed' } },
			makeCtx({ role: 'admin' })
		);
		expect(up).toMatchObject({ ok: true, station: { available: true, unavailableReason: null } });
		expect(applyStationAction(DEMO_STATIONS[0], down, makeCtx({ role: 'admin' }))).toMatchObject({
			ok: false,
			code: 'invalid'
		});
	});

	it('suggests waitlisting work on unavailable stations and work on hold, with the reason', () => {
		const stations = DEMO_STATIONS.map((s) =>
			s.id === kilnB.id ? { ...s, available: false, unavailableReason: 'Element out' } : s
		);
		const onB = run(intake('b1'), [confirm, assign('studio-kiln-b')]);
		const held = run(intake('h1'), [confirm, assign('studio-kiln-a'), hold(true)]);
		const fine = run(intake('f1'), [confirm, assign('studio-kiln-a')]);
		const waiting = run(intake('w1'), [
			assign('studio-kiln-b'),
			{
				type: 'reservation.status',
				payload: { status: 'WAITLISTED', expectation: { kind: 'tbd', reason: 'Kiln down' } }
			}
		]);
		expect(waitlistSuggestions([onB, held, fine, waiting], stations)).toEqual([
			{
				reservationId: 'b1',
				stationId: 'studio-kiln-b',
				kind: 'station_unavailable',
				reason: 'Studio Kiln B unavailable: Element out'
			},
			{
				reservationId: 'h1',
				stationId: 'studio-kiln-a',
				kind: 'safety_hold',
				reason: 'Safety / kiln-fit hold: Tall piece may touch elements'
			}
		]);
	});
});
