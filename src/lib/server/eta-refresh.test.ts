import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Action } from '../domain/actions';
import { etaState } from '../domain/queue';
import type { Reservation } from '../domain/reservation';
import { startBackgroundJobs } from './background';
import type { ServerDeps } from './deps';
import { runEtaRefresh } from './eta-refresh';
import { pullSince } from './pull';
import {
	STORE_KINDS,
	count,
	enrolKiosk,
	intake,
	status,
	testServer,
	wire
} from '../../testing/server/testing';

const DAY = 86_400_000;

async function card(deps: ServerDeps, id: string): Promise<Reservation> {
	const rows = await deps.store.query<{ doc: Reservation }>(
		'SELECT doc FROM reservations WHERE id = $1',
		[id]
	);
	return rows[0].doc;
}

describe.each(STORE_KINDS)('ETA refresh job on %s', (kind) => {
	let deps: ServerDeps;
	let clock = 0;
	const start = Date.parse('2026-03-01T09:00:00.000Z');
	const at = (days: number) => (clock = start + days * DAY);

	beforeEach(async () => {
		deps = await testServer(kind);
		clock = start;
		deps.now = () => new Date(clock).toISOString();
		const kiosk = await enrolKiosk(deps);
		const extra = { assignedStationId: 'studio-kiln-a', estimatedHalfShelves: 1 };
		const res = await kiosk.push([
			wire(intake('cust-maya', extra), { rev: 1, id: 'R-1' }),
			wire(status('CONFIRMED'), { rev: 2, id: 'R-1', base: 1 }),
			wire(intake('cust-leo', extra), { rev: 3, id: 'R-2' }),
			wire(status('CONFIRMED'), { rev: 4, id: 'R-2', base: 1 }),
			wire(
				Action.parse({
					type: 'reservation.queue_fairness',
					payload: {
						action: 'record_no_show',
						reason: 'Did not come to drop-off',
						evidence: 'staff_note'
					}
				}),
				{ rev: 5, id: 'R-1', base: 2 }
			),
			wire(
				Action.parse({
					type: 'reservation.queue_fairness',
					payload: {
						action: 'set_override_boost',
						boostPoints: 2,
						reason: 'Studio lost the first booking',
						overrideUntil: '2026-03-02T09:00:00.000Z'
					}
				}),
				{ rev: 6, id: 'R-1', base: 3 }
			)
		]);
		expect(res.body.results.map((r) => r.status)).toEqual(Array(6).fill('applied'));
	});
	afterEach(() => deps.store.close());

	it('re-anchors an ended window and logs it for kiosks, without messaging customers', async () => {
		const before = await card(deps, 'R-2');
		expect(before.estimatedWindow?.currentEnd).not.toBeNull();
		at(10);
		const now = deps.now();
		// Between runs the kiosk already shows the stored window as overdue, not on track.
		expect(etaState(before.estimatedWindow, now)).toBe('overdue');
		const { cursor } = await pullSince(deps.store, 0);
		const messages = await count(deps.store, 'notifications');

		const run = await runEtaRefresh(deps);
		expect(run.changed).toBeGreaterThanOrEqual(2);
		expect(run.seq).toBeGreaterThan(cursor);
		const after = await card(deps, 'R-2');
		expect(after.version).toBe(before.version + 1);
		expect(after.estimatedWindow?.anchorAt).toBe(now);
		expect(etaState(after.estimatedWindow, now)).not.toBe('overdue');
		expect(after.estimatedWindow?.promisedStart).toBe(before.estimatedWindow?.promisedStart);
		expect(await count(deps.store, 'notifications')).toBe(messages);

		const page = await pullSince(deps.store, cursor);
		expect(page.reservations.map((r) => r.id).sort()).toEqual(['R-1', 'R-2']);

		const again = await runEtaRefresh(deps);
		expect(again).toMatchObject({ changed: 0, seq: 0 });
	});

	it('drops an expired override boost from the order and from the stored policy', async () => {
		const boosted = await card(deps, 'R-1');
		expect(boosted.queueFairnessPolicy.overrideBoostApplied).toBe(2);
		expect(boosted.queuePositionHint).toBe(1);
		at(1.5);
		await runEtaRefresh(deps);
		const r1 = await card(deps, 'R-1');
		expect(r1.queueFairnessPolicy).toMatchObject({
			overrideBoostApplied: 0,
			effectivePenaltyPoints: 2
		});
		expect(r1.queuePositionHint).toBe(2);
		expect((await card(deps, 'R-2')).queuePositionHint).toBe(1);
	});
});

describe('ETA refresh registration', () => {
	it('runs with the other background jobs at its interval; a bad studio zone stops start-up', async () => {
		const deps = await testServer('pglite');
		const intervals: number[] = [];
		const timers = {
			setInterval: (_fn: () => void, ms: number) => (intervals.push(ms), intervals.length),
			clearInterval: () => {}
		};
		try {
			expect(() =>
				startBackgroundJobs(deps, { STUDIO_TIME_ZONE: 'Europe/Atlantis' }, { timers })
			).toThrow(/STUDIO_TIME_ZONE/);
			expect(intervals).toEqual([]);
			const jobs = startBackgroundJobs(deps, { ETA_REFRESH_INTERVAL_MS: '60000' }, { timers });
			expect(jobs.eta.name).toBe('eta refresh');
			expect(intervals).toContain(60_000);
			await jobs.stop();
		} finally {
			await deps.store.close();
		}
	});
});
