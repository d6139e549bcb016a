import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServerDeps } from './deps';
import { handlePush } from './push';
import {
	STORE_KINDS,
	count,
	enrolKiosk,
	intake,
	note,
	status,
	testServer,
	wire,
	type Kiosk
} from '../../testing/server/testing';

// PGlite has one connection and hides races; these matter most on the real server.
describe.each(STORE_KINDS)('concurrency on %s', (kind) => {
	let deps: ServerDeps;
	beforeEach(async () => {
		deps = await testServer(kind);
	});
	afterEach(() => deps.store.close());

	it('concurrent pushes of the same (device, revision) apply once', async () => {
		const kiosk = await enrolKiosk(deps);
		await kiosk.push([wire(intake(), { rev: 1, id: 'R-1' })]);
		const action = wire(status('CONFIRMED', 'Booked by phone'), { rev: 2, id: 'R-1', base: 1 });
		const body = JSON.stringify({ deviceId: kiosk.deviceId, actions: [action] });
		const replies = await Promise.all(
			Array.from({ length: 8 }, () => handlePush(deps, kiosk.auth, body))
		);
		expect(replies.map((r) => r.status)).toEqual(Array(8).fill(200));
		const results = replies.map(
			(r) => (r.body as { results: { replay: boolean; status: string }[] }).results[0]
		);
		expect(results.filter((r) => !r.replay)).toHaveLength(1);
		expect(results.every((r) => r.status === 'applied')).toBe(true);
		expect(await count(deps.store, 'stage_history')).toBe(2);
		expect(await count(deps.store, 'change_log')).toBe(2);
		expect(await count(deps.store, 'notifications')).toBe(2);
	});

	it('concurrent intakes of one id from two devices create it once', async () => {
		const [a, b] = [await enrolKiosk(deps, 'A'), await enrolKiosk(deps, 'B')];
		const [ra, rb] = await Promise.all([
			a.push([wire(intake(), { rev: 1, id: 'R-1' })]),
			b.push([wire(intake(), { rev: 1, id: 'R-1' })])
		]);
		expect([ra.status, rb.status]).toEqual([200, 200]);
		const noops = [ra.body.results[0], rb.body.results[0]].map(
			(r) => r.status === 'applied' && r.noop
		);
		expect(noops.sort()).toEqual([false, true]);
		expect(await count(deps.store, 'reservations')).toBe(1);
		expect(await count(deps.store, 'stage_history')).toBe(1);
	});

	it('N kiosks acting at once: cursor pulls taken meanwhile see every change', async () => {
		const kiosks: Kiosk[] = [];
		for (let k = 0; k < 6; k++) kiosks.push(await enrolKiosk(deps, `K${k}`));
		const perKiosk = 8;
		const work = kiosks.map(async (kiosk, k) => {
			for (let i = 0; i < perKiosk; i++) {
				const id = `R-${k}-${i}`;
				const res = await kiosk.push([
					wire(intake(), { rev: 2 * i + 1, id }),
					wire(note(`note ${k}/${i}`), { rev: 2 * i + 2, id, base: 1 })
				]);
				expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
			}
		});
		// A reader pulls continuously while writers commit out of order.
		const reader = kiosks[0];
		const latest = new Map<string, number>();
		let cursor = 0;
		let done = false;
		const pulling = (async () => {
			while (!done) {
				const p = await reader.pull(cursor);
				for (const r of p.reservations)
					latest.set(r.id, Math.max(latest.get(r.id) ?? 0, r.version));
				cursor = p.cursor;
			}
		})();
		await Promise.all(work);
		done = true;
		await pulling;
		for (;;) {
			const p = await reader.pull(cursor);
			for (const r of p.reservations) latest.set(r.id, Math.max(latest.get(r.id) ?? 0, r.version));
			cursor = p.cursor;
			if (!p.more) break;
		}
		expect(latest.size).toBe(kiosks.length * perKiosk);
		expect([...latest.values()].every((v) => v === 2)).toBe(true);
		const seqs = await deps.store.query<{ seq: string }>('SELECT seq FROM change_log ORDER BY seq');
		expect(seqs).toHaveLength(kiosks.length * perKiosk * 2);
	});
});
