import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionResult, PushResponse } from '../sync/contract';
import type { ServerDeps } from './deps';
import { handlePush } from './push';
import {
	STORE_KINDS,
	count,
	enrolKiosk,
	footprint,
	intake,
	note,
	status,
	testServer,
	wire,
	type Kiosk
} from '../../testing/server/testing';

describe.each(STORE_KINDS)('push on %s', (kind) => {
	let deps: ServerDeps;
	let kiosk: Kiosk;
	beforeEach(async () => {
		deps = await testServer(kind);
		kiosk = await enrolKiosk(deps);
	});
	afterEach(() => deps.store.close());

	it('applies an intake and returns the contract shape', async () => {
		const res = await kiosk.push([wire(intake(), { rev: 1, id: 'R-1' })]);
		expect(res.status).toBe(200);
		const body = PushResponse.parse(res.body);
		expect(body.results[0]).toMatchObject({ status: 'applied', replay: false, noop: false });
		expect(body.results[0].reservation?.status).toBe('REQUESTED');
		expect(await count(deps.store, 'change_log')).toBe(1);
	});

	it('a replayed action returns the stored result and writes nothing', async () => {
		const first = await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(status('CONFIRMED'), { rev: 2, id: 'R-1', base: 1 })
		]);
		const before = await footprint(deps.store);
		expect(before.stage_history).toBe(2);
		expect(before.notifications).toBe(2);
		const again = await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(status('CONFIRMED'), { rev: 2, id: 'R-1', base: 1 })
		]);
		expect(again.status).toBe(200);
		expect(await footprint(deps.store)).toEqual(before);
		expect(again.body.results.map((r) => r.replay)).toEqual([true, true]);
		expect(again.body.results.map((r) => ({ ...r, replay: false }))).toEqual(first.body.results);
	});

	it('CANCELLED → CONFIRMED is a conflict and changes nothing', async () => {
		await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(status('CANCELLED', 'Customer withdrew.'), { rev: 2, id: 'R-1', base: 1 })
		]);
		const before = await footprint(deps.store);
		const res = await kiosk.push([wire(status('CONFIRMED'), { rev: 3, id: 'R-1', base: 2 })]);
		const r = ActionResult.parse(res.body.results[0]);
		expect(r).toMatchObject({ status: 'rejected', code: 'conflict' });
		expect(r.reservation?.status).toBe('CANCELLED');
		expect(await footprint(deps.store)).toEqual(before);
	});

	it.each([
		['unknown', 'nobody-here'],
		['inactive', 'staff-former'],
		['unknown', 'cust-maya']
	])('%s actor (%s) → permission, audited, nothing written', async (reason, actor) => {
		const before = await footprint(deps.store);
		const res = await kiosk.push([wire(intake(), { rev: 1, id: 'R-1', actor })]);
		expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'permission' });
		expect(await footprint(deps.store)).toEqual(before);
		const audit = await deps.store.query<{
			code: string;
			actor_uid: string;
			device_id: string;
			detail: { reason: string };
		}>('SELECT code, actor_uid, device_id, detail FROM audit_log');
		expect(audit).toEqual([
			{
				code: 'permission',
				actor_uid: actor,
				device_id: kiosk.deviceId,
				detail: expect.objectContaining({ reason })
			}
		]);
	});

	it('a staff actor cannot do a supervisor action', async () => {
		const res = await kiosk.push([
			wire(
				{
					type: 'station.availability',
					payload: { stationId: 'studio-kiln-a', available: false, reason: 'Element out' }
				},
				{ rev: 1, id: null, actor: 'staff-sam' }
			),
			wire(
				{
					type: 'station.availability',
					payload: { stationId: 'studio-kiln-a', available: false, reason: 'Element out' }
				},
				{ rev: 2, id: null, actor: 'sup-jo' }
			)
		]);
		expect(res.body.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
		expect(res.body.results[0]).toMatchObject({ code: 'permission' });
		const pulled = await kiosk.pull(0);
		expect(pulled.stations.find((s) => s.id === 'studio-kiln-a')).toMatchObject({
			available: false,
			unavailableReason: 'Element out'
		});
	});

	it('holds later actions on a rejected card while another card applies', async () => {
		await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(status('CANCELLED', 'Gone.'), { rev: 2, id: 'R-1', base: 1 }),
			wire(intake(), { rev: 3, id: 'R-2' })
		]);
		const batch = [
			wire(status('CONFIRMED'), { rev: 4, id: 'R-1', base: 2 }),
			wire(note('Call the customer'), { rev: 5, id: 'R-1', base: 2 }),
			wire(status('CONFIRMED'), { rev: 6, id: 'R-2', base: 1 })
		];
		const res = await kiosk.push(batch);
		expect(res.body.results.map((r) => [r.queueRevision, r.status])).toEqual([
			[4, 'rejected'],
			[5, 'held'],
			[6, 'applied']
		]);
		expect(res.body.results[1]).toMatchObject({ code: 'held', details: { heldBy: 4 } });
		const r1 = await kiosk.pull(0).then((p) => p.reservations.find((r) => r.id === 'R-1'));
		expect(r1?.staffNotes.map((n) => n.text)).toEqual(['Gone.']);
		const again = await kiosk.push(batch);
		expect(again.body.results.map((r) => [r.status, r.replay])).toEqual([
			['rejected', true],
			['held', true],
			['applied', true]
		]);
	});

	it('stale only when another device changed a dependent group', async () => {
		const other = await enrolKiosk(deps, 'Kiosk 2');
		await kiosk.push([wire(intake(), { rev: 1, id: 'R-1' })]);
		// Another kiosk changes notes (unrelated to a status change) and then status.
		await other.push([wire(note('Glaze is dry'), { rev: 1, id: 'R-1', base: 1 })]);
		const unrelated = await kiosk.push([wire(status('CONFIRMED'), { rev: 2, id: 'R-1', base: 1 })]);
		expect(unrelated.body.results[0]).toMatchObject({ status: 'applied' });

		await other.push([wire(status('WAITLISTED'), { rev: 2, id: 'R-1', base: 3 })]);
		const dependent = await kiosk.push([
			wire(status('CANCELLED', 'Nope'), { rev: 3, id: 'R-1', base: 3 })
		]);
		expect(dependent.body.results[0]).toMatchObject({ status: 'rejected', code: 'stale' });
		const r = dependent.body.results[0];
		expect(r.status !== 'applied' && r.details).toMatchObject({ groups: ['status'] });
		expect(r.reservation?.status).toBe('WAITLISTED');
	});

	it("a device's own earlier actions never make its later ones stale", async () => {
		const res = await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(status('CONFIRMED'), { rev: 2, id: 'R-1', base: 1 }),
			wire(status('WAITLISTED'), { rev: 3, id: 'R-1', base: 1 }),
			wire(status('CANCELLED', 'Withdrawn'), { rev: 4, id: 'R-1', base: 1 })
		]);
		expect(res.body.results.map((r) => r.status)).toEqual([
			'applied',
			'applied',
			'applied',
			'applied'
		]);
		expect(res.body.results[3].reservation?.version).toBe(4);
	});

	it('a reservation action with no reservationId is refused whole (400)', async () => {
		const before = await footprint(deps.store);
		const res = await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(note('x'), { rev: 2, id: null })
		]);
		expect(res.status).toBe(400);
		expect(res.body).toMatchObject({ error: { code: 'invalid' } });
		expect(await footprint(deps.store)).toEqual(before);
	});

	it('refuses a batch naming another device', async () => {
		const r = await handlePush(
			deps,
			kiosk.auth,
			JSON.stringify({
				deviceId: 'dev_someoneelse',
				actions: [wire(intake(), { rev: 1, id: 'R-1' })]
			})
		);
		expect(r.status).toBe(403);
		expect(r.body).toMatchObject({ error: { code: 'device_mismatch' } });
		expect(await count(deps.store, 'reservations')).toBe(0);
	});
});
