import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PushResponse, type WireAction } from '../sync/contract';
import { PRUNED_MESSAGE } from './claim';
import type { ServerDeps } from './deps';
import { handlePush } from './push';
import { RESULT_KEEP_MS, noteAcked } from './result-floor';
import {
	STORE_KINDS,
	count,
	enrolKiosk,
	footprint,
	intake,
	note,
	testServer,
	wire,
	type Kiosk
} from '../../testing/server/testing';

const DAY = 24 * 3_600_000;

describe.each(STORE_KINDS)('bounded stored results on %s', (kind) => {
	let deps: ServerDeps;
	let kiosk: Kiosk;
	let clock: number;
	beforeEach(async () => {
		deps = await testServer(kind);
		clock = Date.parse('2026-12-01T09:00:00.000Z');
		deps.now = () => new Date(clock).toISOString();
		kiosk = await enrolKiosk(deps);
	});
	afterEach(() => deps.store.close());

	const push = async (actions: WireAction[], ackedRevision?: number) => {
		const r = await handlePush(
			deps,
			kiosk.auth,
			JSON.stringify({ deviceId: kiosk.deviceId, actions, ackedRevision })
		);
		expect(r.status).toBe(200);
		return PushResponse.parse(r.body).results;
	};
	const stored = () => count(deps.store, 'applied_actions');
	const first = () => [
		wire(intake(), { rev: 1, id: 'R-1' }),
		wire(note('Wax the foot'), { rev: 2, id: 'R-1', base: 1 }),
		wire(intake(), { rev: 3, id: 'R-2' })
	];

	it('prunes acknowledged results once they are old, and a resend is refused, not applied again', async () => {
		const sent = first();
		await push(sent);
		await push([wire(note('Second coat'), { rev: 4, id: 'R-2', base: 1 })], 3); // floor row made
		clock += RESULT_KEEP_MS + DAY;
		await push([wire(note('Third coat'), { rev: 5, id: 'R-2', base: 2 })], 4);
		// 1–4 acknowledged and older than the keep window: gone; 5 (not acknowledged) kept.
		expect(await stored()).toBe(1);
		const before = await footprint(deps.store);
		const again = await push([sent[1]]);
		expect(again[0]).toMatchObject({
			queueRevision: 2,
			status: 'rejected',
			replay: true,
			code: 'conflict',
			message: PRUNED_MESSAGE
		});
		expect(again[0].reservation?.id).toBe('R-1');
		expect(again[0].reservation?.staffNotes.map((n) => n.text)).toEqual(['Wax the foot']);
		expect(await footprint(deps.store)).toEqual(before); // nothing written again
		expect(await stored()).toBe(1); // and not claimed again
	});

	it('keeps results inside the keep window and answers a resend with the stored result', async () => {
		const sent = first();
		await push(sent);
		await push([wire(note('Second coat'), { rev: 4, id: 'R-2', base: 1 })], 3);
		clock += DAY;
		await push([wire(note('Third coat'), { rev: 5, id: 'R-2', base: 2 })], 4);
		expect(await stored()).toBe(5);
		const again = await push([sent[1]]);
		expect(again[0]).toMatchObject({ queueRevision: 2, status: 'applied', replay: true });
	});

	it('never prunes what was not acknowledged, nor for an older kiosk that sends no ack', async () => {
		await push(first());
		await push([wire(note('Second coat'), { rev: 4, id: 'R-2', base: 1 })], 1);
		clock += RESULT_KEEP_MS + DAY;
		await push([wire(note('Third coat'), { rev: 5, id: 'R-2', base: 2 })], 1);
		expect(await stored()).toBe(4); // only rev 1 went
		await push([wire(note('Fourth coat'), { rev: 6, id: 'R-2', base: 3 })]);
		expect(await stored()).toBe(5);
	});

	it('an acknowledgement beyond what was ever claimed cannot block later actions', async () => {
		await push(first(), 0);
		await push([wire(note('Second coat'), { rev: 4, id: 'R-2', base: 1 })], 10_000);
		clock += RESULT_KEEP_MS + DAY;
		await push([wire(note('Third coat'), { rev: 5, id: 'R-2', base: 2 })], 10_000);
		const later = await push([wire(note('Fourth coat'), { rev: 6, id: 'R-2', base: 3 })]);
		expect(later[0]).toMatchObject({ status: 'applied', replay: false });
		expect(await stored()).toBe(2); // 5 (floor was 4 when it was sent) and 6
	});

	it('a resend racing the prune of its own revision is applied at most once', async () => {
		const sent = Array.from({ length: 40 }, (_, i) => wire(intake(), { rev: i + 1, id: `R-${i}` }));
		await push(sent);
		await push([wire(note('x'), { rev: 13, id: 'R-0', base: 1 })], 1);
		clock += RESULT_KEEP_MS + DAY;
		const before = await footprint(deps.store);
		// Each round raises the floor by one while the same revision is resent.
		for (let rev = 2; rev <= 40; rev++) {
			const [, r] = await Promise.all([
				noteAcked(deps, kiosk.deviceId, rev),
				handlePush(
					deps,
					kiosk.auth,
					JSON.stringify({ deviceId: kiosk.deviceId, actions: [sent[rev - 1]] })
				)
			]);
			const result = PushResponse.parse(r.body).results[0];
			expect({ rev, ...result, reservation: null }).toMatchObject({ rev, replay: true });
		}
		expect(await footprint(deps.store)).toEqual(before);
	});
});
