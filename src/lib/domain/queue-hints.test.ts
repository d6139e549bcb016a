import { describe, expect, it } from 'vitest';
import { act, confirm, intake, must, run } from '../../testing/domain/fixtures';
import { samePeerInputs, sameRankInputs } from './queue-hints';

describe('applyAction folds queue position and ETA in', () => {
	it('a rush card placed on a station moves ahead; the moved peer comes back unversioned', () => {
		const first = run(intake('q-1', { estimatedHalfShelves: 1, assignedStationId: 'kiln-a' }), [
			confirm
		]);
		expect(first.queuePositionHint).toBe(1);
		const rush = must(
			act(
				null,
				{
					type: 'reservation.intake',
					payload: {
						ownerUid: 'c2',
						customerName: 'Rush Job',
						estimatedHalfShelves: 1,
						assignedStationId: 'kiln-a',
						addOns: { rushRequested: true }
					}
				},
				{ peers: [first] }
			)
		).reservation;
		expect(rush.queuePositionHint).not.toBeNull();
		const out = must(act(rush, confirm, { peers: [first, rush] }));
		expect(out.reservation.queuePositionHint).toBe(1);
		expect(out.reservation.estimatedWindow?.band).toBe(0);
		expect(out.peers.map((p) => [p.id, p.queuePositionHint, p.version])).toEqual([
			['q-1', 2, first.version]
		]);
	});

	it('an action off the station list changes no peers', () => {
		const other = run(intake('q-2', { estimatedHalfShelves: 1, assignedStationId: 'kiln-a' }), [
			confirm
		]);
		const out = must(act(intake('q-3'), confirm, { peers: [other] }));
		expect(out.peers).toEqual([]);
		expect(out.reservation.queuePositionHint).toBeNull();
	});
});

describe('an action that leaves the running order’s inputs alone re-ranks nothing', () => {
	it('a note scans no peers and keeps the stored hint; rush re-ranks the station', () => {
		const first = run(intake('q-4', { estimatedHalfShelves: 1, assignedStationId: 'kiln-a' }), [
			confirm
		]);
		const second = run(intake('q-5', { estimatedHalfShelves: 1, assignedStationId: 'kiln-a' }), [
			confirm
		]);
		// Counts the station scans the fixture's `stationPeers` makes (it filters this list).
		let asked = 0;
		const peers = [first, second];
		peers.filter = ((...a: Parameters<typeof peers.filter>) => (
			asked++,
			Array.prototype.filter.apply(peers, a)
		)) as typeof peers.filter;
		const noted = must(
			act(second, { type: 'reservation.note', payload: { staffNotes: 'lid cracked' } }, { peers })
		);
		expect(asked).toBe(0);
		expect(noted.peers).toEqual([]);
		expect(noted.reservation.queuePositionHint).toBe(second.queuePositionHint);
		expect(sameRankInputs(second, noted.reservation)).toBe(true);
		expect(samePeerInputs(second, noted.reservation)).toBe(true);
		const rushed = { ...second, addOns: { ...second.addOns, rushRequested: true } };
		expect(sameRankInputs(second, rushed)).toBe(false);
		const cancelled = must(
			act(
				second,
				{ type: 'reservation.status', payload: { status: 'CANCELLED', staffNotes: 'called' } },
				{ peers }
			)
		);
		expect(asked).toBeGreaterThan(0);
		expect(samePeerInputs(second, cancelled.reservation)).toBe(false);
	});
});
