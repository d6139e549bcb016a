import { describe, expect, it } from 'vitest';
import { act, confirm, intake, must, run } from '../../testing/domain/fixtures';

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
