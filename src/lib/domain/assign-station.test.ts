import { describe, expect, it } from 'vitest';
import { stationLoad, stationUsed } from './capacity';
import { DEMO_STATIONS } from './stations';
import { act, assign, confirm, intake, must, onStation, run } from '../../testing/domain/fixtures';

const target = (half: number, extra = {}) =>
	run(intake('target', { estimatedHalfShelves: half, ...extra }), [confirm]);

describe('station assignment', () => {
	it('normalizes aliases and refuses unknown ids as invalid', () => {
		const out = must(act(target(1), assign(' Reduction_Raku ')));
		expect(out.reservation.assignedStationId).toBe('reduction-raku');
		expect(out.reservation.queueClass).toBe('reduction-raku');
		expect(act(target(1), assign('kiln-z'))).toMatchObject({ ok: false, code: 'invalid' });
	});

	it('exactly full is allowed (4 + 2 + 2 = 8)', () => {
		const peers = [onStation('p1', 'studio-electric', 4), onStation('p2', 'studio-electric', 2)];
		expect(
			must(act(target(2), assign('studio-electric'), { peers })).reservation.assignedStationId
		).toBe('studio-electric');
	});

	it('one over is a capacity failure with used, capacity, needed and actionable copy', () => {
		const peers = [
			onStation('p1', 'studio-electric', 4),
			onStation('p2', 'studio-electric', 3),
			onStation('p3', 'studio-kiln-a', 7)
		];
		const res = act(target(2), assign('electric'), { peers });
		expect(res.ok).toBe(false);
		if (res.ok) return;
		expect(res.code).toBe('capacity');
		expect(res.details).toMatchObject({
			stationId: 'studio-electric',
			stationLabel: 'L&L eQ2827-3',
			used: 7,
			capacity: 8,
			needed: 2,
			over: 1
		});
		const room = res.details!.roomElsewhere as { stationId: string; free: number }[];
		expect(room.map((x) => x.stationId)).toEqual(['reduction-raku', 'studio-kiln-b']);
		expect(room.every((x) => x.free === 8)).toBe(true);
		expect(res.message).toContain('L&L eQ2827-3 is full');
		expect(res.message).toContain('1 over');
		expect(res.message).toContain('Studio Kiln B (8 free)');
		expect(res.message).toContain('Waitlist');
		expect(res.message).not.toContain('Studio Kiln A');
	});

	it('community-shelf, cancelled and picked-up work do not count', () => {
		const community = onStation('c', 'studio-kiln-a', 8, { intakeMode: 'COMMUNITY_SHELF' });
		const cancelled = run(onStation('x', 'studio-kiln-a', 8), [
			{
				type: 'reservation.status',
				payload: { status: 'CANCELLED', staffNotes: 'Customer withdrew' }
			}
		]);
		const picked = {
			...onStation('p', 'studio-kiln-a', 8),
			pickupWindow: {
				status: 'completed' as const,
				confirmedStart: null,
				confirmedEnd: null,
				confirmedAt: null,
				completedAt: null,
				missedCount: 0,
				lastMissedAt: null
			}
		};
		const peers = [community, cancelled, picked, onStation('ok', 'studio-kiln-a', 6)];
		expect(stationUsed(peers)).toBe(6);
		expect(must(act(target(2), assign('studio-kiln-a'), { peers })).noop).toBe(false);
		expect(act(target(3), assign('studio-kiln-a'), { peers })).toMatchObject({
			ok: false,
			code: 'capacity'
		});
	});

	it('community work itself needs no room', () => {
		const peers = [onStation('full', 'studio-kiln-b', 8)];
		const out = act(target(4, { intakeMode: 'COMMUNITY_SHELF' }), assign('studio-kiln-b'), {
			peers
		});
		expect(must(out).reservation.assignedStationId).toBe('studio-kiln-b');
	});

	it('moving work does not count it twice on its own station', () => {
		const t = run(target(4), [assign('studio-kiln-a')]);
		const peers = [t, onStation('p', 'studio-kiln-b', 4)];
		expect(must(act(t, assign('studio-kiln-b'), { peers })).reservation.assignedStationId).toBe(
			'studio-kiln-b'
		);
	});

	it('same station again is a noop; a cancelled card or unavailable station is a conflict', () => {
		const t = run(target(1), [assign('studio-kiln-a')]);
		const again = must(act(t, assign('kiln-a')));
		expect(again.noop).toBe(true);
		const cancelled = run(t, [
			{
				type: 'reservation.status',
				payload: { status: 'CANCELLED', staffNotes: 'Customer withdrew' }
			}
		]);
		expect(act(cancelled, assign('studio-kiln-b'))).toMatchObject({ ok: false, code: 'conflict' });
		const stations = DEMO_STATIONS.map((s) =>
			s.id === 'studio-kiln-b' ? { ...s, available: false, unavailableReason: 'Element out' } : s
		);
		const res = act(t, assign('studio-kiln-b'), { stations });
		expect(res).toMatchObject({ ok: false, code: 'conflict' });
		expect(res.ok ? '' : res.message).toContain('Element out');
	});

	it('a station change appends a history row and leaves stageStatus alone', () => {
		const t = target(1);
		const out = must(act(t, assign('studio-kiln-a'))).reservation;
		expect(out.stageHistory).toHaveLength(t.stageHistory.length + 1);
		expect(out.stageHistory.at(-1)).toMatchObject({
			reason: 'station_assignment_updated',
			notes: 'Unassigned → Studio Kiln A'
		});
		expect(out.stageStatus).toEqual(t.stageStatus);
		expect(out.fieldVersions.station).toBe(out.version);
	});

	it('reports station pressure for the board', () => {
		const peers = [onStation('a', 'studio-kiln-a', 6)];
		expect(stationLoad(DEMO_STATIONS[0], peers)).toMatchObject({
			used: 6,
			free: 2,
			capacity: 8,
			pressure: 'high'
		});
	});

	// Found by the nemesis suite: intake with a station skipped the capacity check.
	it('intake straight onto a station passes the same capacity and availability checks', () => {
		const peers = [onStation('p1', 'studio-kiln-a', 6)];
		const input = {
			type: 'reservation.intake',
			payload: {
				ownerUid: 'cust-1',
				customerName: 'Ada',
				shelfEquivalent: 1.5,
				assignedStationId: 'kiln-a'
			}
		} as const;
		expect(act(null, input, { peers })).toMatchObject({ ok: false, code: 'capacity' });
		const fits = { ...input, payload: { ...input.payload, shelfEquivalent: 1 } };
		expect(must(act(null, fits, { peers })).reservation.assignedStationId).toBe('studio-kiln-a');
		const down = DEMO_STATIONS.map((s) =>
			s.id === 'studio-kiln-a' ? { ...s, available: false, unavailableReason: 'Element swap' } : s
		);
		expect(act(null, fits, { peers, stations: down })).toMatchObject({
			ok: false,
			code: 'conflict'
		});
	});

	// Found while building the nemesis suite: reopening cancelled work ignored the station's fill.
	it('an admin override that reopens cancelled work on a full station is a capacity failure', () => {
		const cancelled = run(intake('back', { shelfEquivalent: 2 }), [
			assign('studio-kiln-a'),
			{
				type: 'reservation.status',
				payload: { status: 'CANCELLED', staffNotes: 'Customer withdrew' }
			}
		]);
		const reopen = {
			type: 'reservation.status',
			payload: { status: 'CONFIRMED', override: { reason: 'Customer paid after all.' } }
		} as const;
		const admin = { role: 'admin', uid: 'admin-alex' } as const;
		const full = [onStation('p1', 'studio-kiln-a', 7)];
		expect(act(cancelled, reopen, { ...admin, peers: full })).toMatchObject({
			ok: false,
			code: 'capacity'
		});
		const room = [onStation('p1', 'studio-kiln-a', 4)];
		expect(must(act(cancelled, reopen, { ...admin, peers: room })).reservation.status).toBe(
			'CONFIRMED'
		);
	});
});
