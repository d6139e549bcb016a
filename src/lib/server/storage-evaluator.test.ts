import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Action } from '../domain/actions';
import type { Reservation } from '../domain/reservation';
import type { ServerDeps } from './deps';
import type { TestDeps } from '../../testing/server/test-deps';
import { pullSince } from './pull';
import { runStorageEvaluation } from './storage-evaluator';
import { handleFaults } from '../../testing/server/test-faults';
import { handleStorageEvaluate } from '../../testing/server/test-storage';
import {
	STORE_KINDS,
	enrolKiosk,
	footprint,
	intake,
	status,
	testHooksServer,
	wire
} from '../../testing/server/testing';

const DAY = 86_400_000;
const load = (loadStatus: 'loading' | 'loaded') =>
	Action.parse({ type: 'reservation.load', payload: { loadStatus } });

async function card(deps: ServerDeps, id: string): Promise<Reservation> {
	const rows = await deps.store.query<{ doc: Reservation }>(
		'SELECT doc FROM reservations WHERE id = $1',
		[id]
	);
	return rows[0].doc;
}

describe.each(STORE_KINDS)('storage evaluator on %s', (kind) => {
	let deps: TestDeps;
	let clock = 0;
	const readyAt = Date.parse('2026-03-01T06:00:00.000Z');
	const at = (days: number) => {
		clock = readyAt + days * DAY;
	};

	beforeEach(async () => {
		deps = await testHooksServer(kind);
		clock = readyAt;
		deps.now = () => new Date(clock).toISOString();
		const kiosk = await enrolKiosk(deps);
		const extra = { assignedStationId: 'studio-kiln-a', estimatedHalfShelves: 3 };
		const res = await kiosk.push([
			wire(intake('cust-maya', extra), { rev: 1, id: 'R-1' }),
			wire(status('CONFIRMED'), { rev: 2, id: 'R-1', base: 1 }),
			wire(load('loading'), { rev: 3, id: 'R-1', base: 2 }),
			wire(load('loaded'), { rev: 4, id: 'R-1', base: 3 }),
			wire(intake('cust-leo', extra), { rev: 5, id: 'R-2' })
		]);
		expect(res.body.results.map((r) => r.status)).toEqual(Array(5).fill('applied'));
	});
	afterEach(() => deps.store.close());

	it('walks reminders → hold → billing → reclaim at given instants, once each', async () => {
		const walk: [number, Partial<Reservation>][] = [
			[1, { storageStatus: 'active', pickupReminderCount: 0 }],
			[14.01, { storageStatus: 'reminder_pending', pickupReminderCount: 1 }],
			[17.5, { pickupReminderCount: 2 }],
			[19.25, { storageStatus: 'hold_pending', pickupReminderCount: 3 }],
			[21.3, { storageStatus: 'hold_pending' }],
			[47.25, { storageStatus: 'stored_by_policy', isArchived: true }]
		];
		let version = (await card(deps, 'R-1')).version;
		for (const [days, expected] of walk) {
			at(days);
			const run = await runStorageEvaluation(deps);
			const r = await card(deps, 'R-1');
			expect(r).toMatchObject(expected);
			if (days > 1) {
				expect(run.changed).toBe(1);
				expect(r.version).toBeGreaterThan(version);
			}
			version = r.version;
			// Idempotent: the same instant again writes nothing at all.
			const before = await footprint(deps.store);
			expect((await runStorageEvaluation(deps)).changed).toBe(0);
			expect(await footprint(deps.store)).toEqual(before);
		}
		const r = await card(deps, 'R-1');
		expect(r.storageBilling).toMatchObject({
			billedDays: 28,
			accruedCost: 126,
			status: 'reclaimed'
		});
		const notices = await deps.store.query<{ doc: { kind: string; id: string } }>(
			"SELECT doc FROM notifications WHERE reservation_id = 'R-1' ORDER BY doc->>'createdAt', id"
		);
		const kinds = notices.map((n) => n.doc.kind);
		// Reminders 1 and 2, reminder 3 + hold (one message per run), reclaim.
		expect(kinds.filter((k) => k === 'storage_escalation')).toHaveLength(4);
		expect(new Set(notices.map((n) => n.doc.id)).size).toBe(notices.length);
		const audit = await deps.store.query<{ doc: { action: string } }>(
			"SELECT doc FROM storage_audit WHERE reservation_id = 'R-1'"
		);
		expect(audit.map((a) => a.doc.action)).toEqual(
			expect.arrayContaining(['pickup_reminder_enqueued', 'storage_status_transition'])
		);
		// Reclaimed work leaves the evaluator's set for good.
		at(60);
		expect((await runStorageEvaluation(deps)).examined).toBe(0);
	});

	it('writes change-log rows so kiosks pull the evaluated card', async () => {
		const before = await pullSince(deps.store, 0);
		at(14.01);
		const run = await runStorageEvaluation(deps);
		expect(run.seq).toBeGreaterThan(before.cursor);
		const after = await pullSince(deps.store, before.cursor);
		expect(after.reservations.map((r) => r.id)).toEqual(['R-1']);
		expect(after.storageAudit.length).toBeGreaterThan(0);
		expect(after.notifications.some((n) => n.kind === 'storage_escalation')).toBe(true);
	});

	it('the test route runs it now; the fault clock offset moves it (and the apply loop)', async () => {
		const real = testHooksServer(kind);
		const d = await real;
		try {
			const kiosk = await enrolKiosk(d);
			const extra = { assignedStationId: 'studio-kiln-a' };
			await kiosk.push([
				wire(intake('cust-maya', extra), { rev: 1, id: 'R-9' }),
				wire(status('CONFIRMED'), { rev: 2, id: 'R-9', base: 1 }),
				wire(load('loading'), { rev: 3, id: 'R-9', base: 2 }),
				wire(load('loaded'), { rev: 4, id: 'R-9', base: 3 })
			]);
			const first = await handleStorageEvaluate(d);
			expect(first.status).toBe(200);
			expect(first.body).toMatchObject({ changed: 0, examined: 1 });
			const shift = handleFaults(d, JSON.stringify({ clockOffsetMs: 20 * DAY }));
			expect(shift.status).toBe(200);
			expect(Date.parse(d.now()) - Date.now()).toBeGreaterThan(19 * DAY);
			const second = await handleStorageEvaluate(d);
			expect(second.body).toMatchObject({ changed: 1 });
			const r = await card(d, 'R-9');
			expect(r.storageStatus).toBe('hold_pending');
			// The apply loop stamps actions with the same shifted clock.
			const n = await kiosk.push([
				wire(Action.parse({ type: 'reservation.note', payload: { staffNotes: 'x' } }), {
					rev: 5,
					id: 'R-9',
					base: r.version
				})
			]);
			const appliedAt = n.body.results[0].appliedAt;
			expect(Date.parse(appliedAt) - Date.now()).toBeGreaterThan(19 * DAY);
		} finally {
			await d.store.close();
		}
	});

	it('skips work that is not loaded; a reclaim moves the station queue up', async () => {
		const before = await card(deps, 'R-2');
		expect(before.queuePositionHint).toBe(2);
		at(40);
		await runStorageEvaluation(deps);
		expect(await card(deps, 'R-2')).toEqual(before);
		at(60);
		await runStorageEvaluation(deps);
		const after = await card(deps, 'R-2');
		expect(after).toMatchObject({ status: 'REQUESTED', storageStatus: null, queuePositionHint: 1 });
		expect(after.version).toBe(before.version + 1);
	});
});
