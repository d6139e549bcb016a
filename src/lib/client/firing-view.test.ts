import { describe, expect, it } from 'vitest';
import { FiringCreatePayload } from '../domain/firing-record';
import { DEMO_STATIONS } from '../domain/stations';
import { assign, confirm, intake, run, T0 } from '../../testing/domain/fixtures';
import type { OutboxRow } from './db';
import { deriveFirings } from './firing-view';

const card = (id: string) =>
	run(intake(id, { estimatedHalfShelves: 1 }), [confirm, assign('studio-kiln-a')]);
const row = (rev: number, action: object): OutboxRow =>
	({
		...action,
		queueRevision: rev,
		deviceId: 'dev_test1234',
		actorUid: 'staff-sam',
		reservationId: null,
		baseVersion: 0,
		createdAt: T0,
		state: 'pending',
		attempts: 0,
		lastAttemptAt: null
	}) as unknown as OutboxRow;

describe('deriveFirings', () => {
	it('applies unsent create and step rows by the domain rules, cards included', () => {
		const cards = ['A', 'B', 'C'].map(card);
		const payload = FiringCreatePayload.parse({
			firingId: 'F-1',
			stationId: 'studio-kiln-a',
			firingType: 'glaze',
			targetCone: '6',
			plannedDate: T0,
			reservationIds: ['A', 'B', 'C']
		});
		const v = deriveFirings({
			firings: [],
			cards,
			outbox: [
				row(1, { type: 'firing.create', payload }),
				row(2, {
					type: 'firing.step',
					payload: { firingId: 'F-1', step: 'start_loading', outcomes: [], notes: null }
				})
			],
			stations: DEMO_STATIONS,
			now: '2026-03-02T00:00:00.000Z',
			timeZone: 'UTC',
			roleOf: () => 'staff'
		});
		expect(v.firings.map((f) => f.state)).toEqual(['loading']);
		expect([...v.cards.values()].map((c) => c.loadStatus)).toEqual([
			'loading',
			'loading',
			'loading'
		]);
		expect(v.pending.has('F-1')).toBe(true);
	});
});
