import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPin } from '../sync/pin';
import { nativeScrypt } from './pins';
import { PullResponse } from '../sync/contract';
import { migrate } from './migrations';
import { isEmptyStore, seedDemo, SEED_BASE, SEED_RESERVATIONS } from './seed';
import { createDeps } from './server';
import { silentLogger } from './log';
import { STORE_KINDS, enrolKiosk, footprint, freshStore } from '../../testing/server/testing';
import type { Store } from './store/types';
import type { Reservation } from '../domain/reservation';
import { occupiesStation } from '../domain/capacity';
import { attendanceRates, feesPerMonth, firingsPerWeek, overdueStorage } from '../domain/reports';

describe.each(STORE_KINDS)('demo seed on %s', (kind) => {
	let store: Store;
	beforeEach(async () => {
		store = await freshStore(kind);
	});
	afterEach(() => store.close());

	it('seeds a deterministic studio through the apply loop, idempotently', async () => {
		expect(await isEmptyStore(store)).toBe(true);
		const summary = await seedDemo(store);
		expect(await isEmptyStore(store)).toBe(false);
		expect(summary.applied).toBeGreaterThanOrEqual(SEED_RESERVATIONS * 2);
		expect(summary.refused).toEqual([]);
		const before = await footprint(store);
		expect(before.reservations).toBeGreaterThanOrEqual(60);

		const again = await seedDemo(store);
		expect(again.actions).toBe(summary.actions);
		expect(await footprint(store)).toEqual(before);
		expect(await migrate(store)).toEqual([]);

		const deps = createDeps(store, { log: silentLogger });
		const p = PullResponse.parse(await (await enrolKiosk(deps)).pull(0));
		const byStatus = (s: string) =>
			p.reservations.filter((r: Reservation) => r.status === s).length;
		for (const s of ['REQUESTED', 'CONFIRMED', 'WAITLISTED', 'CANCELLED'])
			expect(byStatus(s)).toBeGreaterThan(0);
		for (const l of ['queued', 'loading', 'loaded'])
			expect(p.reservations.some((r) => r.loadStatus === l)).toBe(true);
		expect(p.reservations.every((r) => r.pieces.length > 0)).toBe(true);
		// The demo shows a past (unloaded) firing and a planned one, three cards each.
		expect(
			p.firings
				.filter((f) => !f.id.startsWith('fir_seed_history_'))
				.map((f) => [f.id, f.state, f.members.length])
				.sort((a, b) => (a[0] < b[0] ? -1 : 1))
		).toEqual([
			['fir_seed_electric_1', 'planned', 3],
			['fir_seed_kiln_b_1', 'unloaded', 3]
		]);
		// Every card of the past firing has its own firing history rows and fired pieces.
		for (const id of ['KB-1030', 'KB-1038', 'KB-1046']) {
			const r = p.reservations.find((x) => x.id === id)!;
			expect(r.stageHistory.map((x) => x.reason)).toEqual(
				expect.arrayContaining(['firing_loading', 'firing_started', 'firing_unloaded'])
			);
			expect(r.pieces.some((x) => x.pieceStatus === 'fired')).toBe(true);
		}
		expect(p.reservations.some((r) => r.stageHistory.length >= 2)).toBe(true);
		const perStation = new Map<string, number>();
		for (const r of p.reservations)
			// Picked-up work no longer takes room on its kiln (the placement rule's own test).
			if (r.assignedStationId && occupiesStation(r))
				perStation.set(
					r.assignedStationId,
					(perStation.get(r.assignedStationId) ?? 0) + r.shelfEquivalent * 2
				);
		for (const s of p.stations)
			expect(perStation.get(s.id) ?? 0).toBeLessThanOrEqual(s.capacityHalfShelves);
		const sam = p.roster.find((r) => r.uid === 'staff-sam')!;
		expect(await verifyPin('1111', sam, nativeScrypt)).not.toBeNull();
		expect(await verifyPin('2222', sam, nativeScrypt)).toBeNull();
		// Inactive people are not on the kiosks' roster at all.
		expect(p.roster.find((r) => r.uid === 'staff-former')).toBeUndefined();
		const jo = p.roster.find((r) => r.uid === 'sup-jo')!;
		expect(await verifyPin('222222', jo, nativeScrypt)).not.toBeNull();
	});

	it('has past weeks of firings, fees, attendance records and overdue storage for the reports', async () => {
		await seedDemo(store);
		const deps = createDeps(store, { log: silentLogger });
		const p = PullResponse.parse(await (await enrolKiosk(deps)).pull(0));
		// A week after the demo's start, as a kiosk would see it.
		const now = new Date(SEED_BASE + 7 * 86_400_000).toISOString();
		const history = p.firings.filter((f) => f.id.startsWith('fir_seed_history_'));
		expect(history.map((f) => [f.state, f.members.length])).toEqual(
			Array.from({ length: 6 }, () => ['unloaded', 1])
		);
		const kilns = firingsPerWeek(p.firings, p.stations, now, 'UTC', 12);
		for (const k of kilns) expect(k.total).toBeGreaterThan(0);
		expect(
			overdueStorage(p.reservations, now, 'UTC').map((o) => [o.reservationId, o.risk.level])
		).toEqual([
			['KB-1066', 'reclaimed'],
			['KB-1069', 'billing']
		]);
		const rates = attendanceRates(p.reservations);
		expect(rates.map((r) => r.count)).toEqual([1, 1, 1]);
		const fees = feesPerMonth(p.reservations, now, 'UTC', 3);
		expect(fees[0].months.filter((m) => m.reservations > 0).map((m) => m.key)).toEqual([
			'2026-10',
			'2026-11'
		]);
	});

	it('two seeded stores hold identical reservations', async () => {
		await seedDemo(store);
		const other = await freshStore(kind);
		try {
			await seedDemo(other);
			// Arrival codes are random secrets (CSPRNG), so each store has its own; all else matches.
			const docs = async (s: Store) =>
				(
					await s.query<{ doc: Record<string, unknown> }>(
						'SELECT doc FROM reservations ORDER BY id'
					)
				).map(({ doc }) => ({ ...doc, arrivalToken: doc.arrivalToken ? 'issued' : null }));
			const mine = await docs(store);
			expect(mine.some((d) => d.arrivalToken === 'issued')).toBe(true);
			expect(await docs(other)).toEqual(mine);
		} finally {
			await other.close();
		}
	});
});
