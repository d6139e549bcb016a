import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Action } from '../domain/actions';
import { PullResponse } from '../sync/contract';
import type { ServerDeps } from './deps';
import { migrate } from './migrations';
import type { Queryable } from './store/types';
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

const INT4_MAX = 2 ** 31 - 1;

describe.each(STORE_KINDS)('push rules on %s', (kind) => {
	let deps: ServerDeps;
	let kiosk: Kiosk;
	beforeEach(async () => {
		deps = await testServer(kind);
		kiosk = await enrolKiosk(deps);
	});
	afterEach(() => deps.store.close());

	it('a baseVersion beyond what the store holds is refused as invalid; the rest applies', async () => {
		const res = await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(note('Too far ahead'), { rev: 2, id: 'R-1', base: INT4_MAX + 1 }),
			wire(intake('cust-ben'), { rev: 3, id: 'R-2' })
		]);
		expect(res.status).toBe(200);
		expect(res.body.results.map((r) => r.status)).toEqual(['applied', 'rejected', 'applied']);
		expect(res.body.results[1]).toMatchObject({ code: 'invalid' });
		// Stored: the resend answers the same without applying anything.
		const again = await kiosk.push([
			wire(note('Too far ahead'), { rev: 2, id: 'R-1', base: INT4_MAX + 1 })
		]);
		expect(again.body.results[0]).toMatchObject({ status: 'rejected', code: 'invalid' });
		expect(await count(deps.store, 'reservations')).toBe(2);
	});

	it('a queueRevision beyond what the store holds is refused as invalid; the rest applies', async () => {
		const res = await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(intake('cust-ben'), { rev: INT4_MAX + 5, id: 'R-2' })
		]);
		expect(res.status).toBe(200);
		expect(res.body.results).toHaveLength(2);
		expect(res.body.results[0].status).toBe('applied');
		expect(res.body.results[1]).toMatchObject({
			queueRevision: INT4_MAX + 5,
			status: 'rejected',
			code: 'invalid'
		});
		expect(await count(deps.store, 'reservations')).toBe(1);
	});

	it('a poison action (its write throws) fails visibly as invalid and the queue goes on', async () => {
		// A store whose writes fail for one card only, as a data error specific to that action.
		const real = deps.store;
		const poisoned = (q: Queryable): Queryable => ({
			query: (sql: string, params?: unknown[]) => {
				if (/^\s*(INSERT INTO|UPDATE) reservations/.test(sql) && params?.includes('R-BAD'))
					return Promise.reject(Object.assign(new Error('value out of range'), { code: '22003' }));
				return q.query(sql, params);
			}
		});
		deps = {
			...deps,
			store: {
				...real,
				query: poisoned(real).query,
				transaction: (fn) => real.transaction((tx) => fn(poisoned(tx)))
			}
		};
		kiosk = await enrolKiosk(deps);
		const res = await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-BAD' }),
			wire(intake('cust-ben'), { rev: 2, id: 'R-2' })
		]);
		expect(res.status).toBe(200);
		expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'invalid' });
		expect(res.body.results[1].status).toBe('applied');
		const again = await kiosk.push([wire(intake(), { rev: 1, id: 'R-BAD' })]);
		expect(again.body.results[0]).toMatchObject({ replay: true, code: 'invalid' });
		expect(await count(real, "audit_log WHERE code = 'invalid'")).toBe(1);
		deps = { ...deps, store: real };
	});

	it('a role refusal decided by the domain is audited', async () => {
		const made = await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(status('CONFIRMED'), { rev: 2, id: 'R-1', base: 1 })
		]);
		expect(made.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
		const force = Action.parse({
			type: 'reservation.pickup_window',
			payload: {
				action: 'staff_set_open_window',
				confirmedStart: '2026-12-05T10:00:00.000Z',
				confirmedEnd: '2026-12-05T12:00:00.000Z',
				force: true
			}
		});
		const res = await kiosk.push([wire(force, { rev: 3, id: 'R-1', base: 2 })]);
		expect(res.body.results[0]).toMatchObject({ status: 'rejected', code: 'permission' });
		const audit = await deps.store.query<{ code: string; actor_uid: string; detail: object }>(
			'SELECT code, actor_uid, detail FROM audit_log'
		);
		expect(audit).toEqual([
			{
				code: 'permission',
				actor_uid: 'staff-sam',
				detail: expect.objectContaining({ type: 'reservation.pickup_window', queueRevision: 3 })
			}
		]);
	});

	it('every refused action is audited once, a replay is not audited again', async () => {
		await kiosk.push([wire(intake(), { rev: 1, id: 'R-1' })]);
		const bad = wire(status('CONFIRMED'), { rev: 2, id: 'R-NONE', base: 0 });
		await kiosk.push([bad]);
		await kiosk.push([bad]);
		expect(await count(deps.store, "audit_log WHERE code = 'not_found'")).toBe(1);
	});

	it('two kiosks from one base version: E records a no-show, D waitlists with a note — both notes survive', async () => {
		const d = await enrolKiosk(deps, 'Kiosk D');
		const made = await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(status('CONFIRMED'), { rev: 2, id: 'R-1', base: 1 })
		]);
		const base = made.body.results[1].reservation!.version;
		const noShow = Action.parse({
			type: 'reservation.queue_fairness',
			payload: { action: 'record_no_show', reason: 'Missed drop-off', evidence: 'staff_note' }
		});
		const e = await kiosk.push([wire(noShow, { rev: 3, id: 'R-1', base })]);
		expect(e.body.results[0].status).toBe('applied');
		const w = await d.push([
			wire(
				Action.parse({
					type: 'reservation.status',
					payload: {
						status: 'WAITLISTED',
						staffNotes: 'Kiln full, call Friday',
						expectation: { kind: 'tbd', reason: 'Kiln is full this week.' }
					}
				}),
				{ rev: 1, id: 'R-1', base, actor: 'sup-jo' }
			)
		]);
		// Another device changed fairness and notes, not status: D is not stale, and appends.
		expect(w.body.results[0].status).toBe('applied');
		const server = (await d.pull(0)).reservations.find((r) => r.id === 'R-1')!;
		expect(server.staffNotes.map((n) => [n.text, n.byUid, n.source])).toEqual([
			['[fairness:record_no_show] Missed drop-off', 'staff-sam', 'fairness:record_no_show'],
			['Kiln full, call Friday', 'sup-jo', 'reservation.status']
		]);
		expect(server.status).toBe('WAITLISTED');
	});

	it('migration 101 turns stored string staff notes (cards and stored results) into entries', async () => {
		await kiosk.push([
			wire(intake(), { rev: 1, id: 'R-1' }),
			wire(intake('c2'), { rev: 2, id: 'R-2' })
		]);
		await deps.store.query(
			`UPDATE reservations SET doc = jsonb_set(doc, '{staffNotes}', to_jsonb('Old note'::text)) WHERE id = 'R-1'`
		);
		await deps.store.query(
			`UPDATE reservations SET doc = jsonb_set(doc, '{staffNotes}', 'null'::jsonb) WHERE id = 'R-2'`
		);
		await deps.store.query(
			`UPDATE applied_actions SET result = jsonb_set(result, '{reservation,staffNotes}', to_jsonb('Old note'::text)) WHERE queue_revision = 1`
		);
		await deps.store.query('DELETE FROM migrations WHERE id = 101');
		expect(await migrate(deps.store)).toEqual([101]);
		const pulled = PullResponse.parse(await kiosk.pull(0)); // the current contract
		const r1 = pulled.reservations.find((r) => r.id === 'R-1')!;
		expect(r1.staffNotes).toEqual([
			{ id: 'legacy:R-1', at: r1.updatedAt, byUid: 'legacy', text: 'Old note', source: 'legacy' }
		]);
		expect(pulled.reservations.find((r) => r.id === 'R-2')!.staffNotes).toEqual([]);
		const replay = await kiosk.push([wire(intake(), { rev: 1, id: 'R-1' })]);
		expect(replay.body.results[0].reservation?.staffNotes).toEqual(r1.staffNotes);
	});
});
