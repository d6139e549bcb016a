import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bundleFiles, verifyBundle, type ContinuityBundle } from '../../domain/export';
import { OTHER_OWNER, OWNER, SECRETS } from '../../../testing/domain/export-fixtures';
import type { ServerDeps } from '../deps';
import { migrate } from '../migrations';
import { openPostgres } from '../store/postgres';
import type { Store } from '../store/types';
import {
	enrolKiosk,
	freshStore,
	STORE_KINDS,
	testServer,
	type Kiosk
} from '../../../testing/server/testing';
import { backupStore } from './backup';
import { backupToSql } from './backup-sql';
import { checkRestore, formatCheck } from './check-restore';
import { exportOwner } from './export';
import { ACTOR_HEADER, handleExport } from './handler';
import { signSession } from '../../sync/pin';
import { demoProofKey } from '../seed';
import { restoreStore } from './restore';
import {
	addReservationPhotos,
	addScenarioFiring,
	pushScenario
} from '../../../testing/server/continuity';

const NOW = '2026-12-02T08:00:00.000Z';

describe.each(STORE_KINDS)('continuity on %s', (kind) => {
	let deps: ServerDeps;
	let kiosk: Kiosk;
	const extra: Store[] = [];
	beforeEach(async () => {
		deps = await testServer(kind);
		kiosk = await enrolKiosk(deps);
		await pushScenario(kiosk);
		await addReservationPhotos(deps.store);
		await addScenarioFiring(deps.store);
	});
	afterEach(async () => {
		await deps.store.close();
		for (const s of extra.splice(0)) await s.close();
	});

	it('exports a verified, redacted, owner-scoped bundle', async () => {
		const b = await exportOwner(deps.store, OWNER, NOW, 'req-1');
		expect(await verifyBundle(JSON.parse(JSON.stringify(b)))).toMatchObject({ ok: true });
		expect(b.summary).toMatchObject({
			reservations: 2,
			pieces: 4,
			queueFairnessAudit: 2,
			firings: 1
		});
		expect(b.jsonBundle.firings.map((f) => [f.firingId, f.reservationId])).toEqual([
			['fir-1', 'res-maya-1']
		]);
		const all = bundleFiles(b)
			.map((f) => f.text)
			.join('\n');
		expect(all).not.toContain('res-other-1');
		for (const s of Object.values(SECRETS)) expect(all.includes(s), s).toBe(false);
		expect(all).not.toMatch(/MF-?ARR-?[A-Z0-9]{4}/);
		const other = await exportOwner(deps.store, OTHER_OWNER, NOW);
		expect(other.summary.reservations).toBe(1);
		expect(other.jsonBundle.firings.map((f) => f.reservationId)).toEqual(['res-other-1']);
		expect(other.exportHeader.signature).not.toBe(b.exportHeader.signature);
	});

	it('lets only an enrolled kiosk with an active staff member export', async () => {
		const url = new URL(`http://x/api/export?owner=${OWNER}`);
		const key = (await demoProofKey('staff-sam'))!;
		const sign = (uid: string, at = deps.now(), owner = OWNER, k = key) =>
			signSession(k, {
				purpose: 'export',
				deviceId: kiosk.deviceId,
				actorUid: uid,
				subject: owner,
				at
			});
		const call = (
			authHeader: string | null,
			actorUid: string | null,
			u = url,
			session: string | null = actorUid ? sign(actorUid) : null
		) => handleExport(deps, { authHeader, actorUid, url: u, session });
		const codeOf = async (p: ReturnType<typeof call>) => {
			const out = await p;
			return out.ok
				? 'ok'
				: `${out.reply.status} ${(out.reply.body as { error: { code: string } }).error.code}`;
		};
		expect(await codeOf(call(null, 'staff-sam'))).toBe('403 staff_device_required');
		expect(await codeOf(call('Device dev_nope.secret', 'staff-sam'))).toBe(
			'403 staff_device_required'
		);
		expect(await codeOf(call(kiosk.auth, null))).toBe('403 staff_actor_required');
		expect(await codeOf(call(kiosk.auth, 'cust-maya'))).toBe('403 staff_actor_required');
		expect(await codeOf(call(kiosk.auth, 'staff-former'))).toBe('403 staff_actor_required');
		expect(await codeOf(call(kiosk.auth, 'staff-sam', new URL('http://x/api/export')))).toBe(
			'400 invalid'
		);
		// A bare uid (no PIN-derived session proof), a proof for another owner, an old proof, or
		// one made with someone else's key are not an unlocked session.
		expect(await codeOf(call(kiosk.auth, 'staff-sam', url, null))).toBe('403 staff_actor_required');
		expect(
			await codeOf(call(kiosk.auth, 'staff-sam', url, sign('staff-sam', deps.now(), 'cust-leo')))
		).toBe('403 staff_actor_required');
		const old = new Date(Date.parse(deps.now()) - 10 * 60_000).toISOString();
		expect(await codeOf(call(kiosk.auth, 'staff-sam', url, sign('staff-sam', old)))).toBe(
			'403 staff_actor_required'
		);
		const jo = (await demoProofKey('sup-jo'))!;
		expect(
			await codeOf(call(kiosk.auth, 'staff-sam', url, sign('staff-sam', deps.now(), OWNER, jo)))
		).toBe('403 staff_actor_required');
		const out = await call(kiosk.auth, 'staff-sam');
		expect(out.ok && out.bundle.summary.reservations).toBe(2);
		expect(out.ok && out.bundle.exportHeader.requestId).toMatch(/^[0-9a-f-]{36}$/);
		expect(ACTOR_HEADER).toBe('x-kilnboard-actor');
	});

	it('export → backup → restore into a fresh store → verify-restore passes; tampering is named', async () => {
		const bundle = JSON.parse(
			JSON.stringify(await exportOwner(deps.store, OWNER, NOW))
		) as ContinuityBundle;
		const backup = JSON.parse(JSON.stringify(await backupStore(deps.store, NOW)));
		expect(backup.tables.reservations.rows).toHaveLength(3);

		const target = await freshStore(kind);
		extra.push(target);
		const restored = await restoreStore(target, backup);
		expect(restored).toMatchObject({ ok: true, rows: { reservations: 3, stage_history: 24 } });
		const good = await checkRestore(target, bundle);
		expect(formatCheck(good.lines)).not.toContain('FAIL');
		expect(good.ok).toBe(true);
		expect(good.lines).toHaveLength(7);

		// The restored store keeps working: sequences continue past the restored rows.
		const seq = await target.query<{ seq: string }>(
			`INSERT INTO change_log (version, at) VALUES (1, now()) RETURNING seq`
		);
		expect(Number(seq[0].seq)).toBeGreaterThan(backup.tables.change_log.rows.length);

		await target.query(`DELETE FROM stage_history WHERE reservation_id = 'res-maya-1' AND idx = 7`);
		await target.query(
			`DELETE FROM notifications WHERE id = (SELECT id FROM notifications WHERE reservation_id = 'res-maya-2' ORDER BY id LIMIT 1)`
		);
		await target.query(
			`UPDATE reservations SET doc = jsonb_set(doc, '{updatedAt}', '"2027-01-01T00:00:00.000Z"') WHERE id = 'res-maya-2'`
		);
		const bad = await checkRestore(target, bundle);
		expect(bad.ok).toBe(false);
		const text = formatCheck(bad.lines);
		expect(text).toMatch(/^PASS Bundle signature verifies/m);
		expect(text).toMatch(/^FAIL Reservation counts and latest updatedAt/m);
		expect(text).toMatch(/^FAIL Stage-history tail of each reservation/m);
		expect(text).toMatch(/^FAIL Customer notification timeline/m);
		expect(text).toMatch(/^PASS Fairness evidence parity/m);
		expect(text).toContain(
			'reservation KB-RESMAYA1 (res-maya-1): stageHistory reservationId=res-maya-1 index=7 is missing from the store'
		);
		expect(text).toContain(
			'reservation KB-RESMAYA1 (res-maya-1): reservations reservationId=res-maya-1 field stageHistoryCount is 7 in the store, 8 in the bundle'
		);
		expect(text).toContain(
			'reservation KB-RESMAYA2 (res-maya-2): reservations reservationId=res-maya-2 field updatedAt'
		);
		expect(text).toMatch(/store has 5 notifications rows, summary says 6/);
		expect(text).toMatch(
			/reservation KB-RESMAYA2 \(res-maya-2\): notifications notificationId=\S+ is missing from the store/
		);
	});

	it('refuses to restore over a store with data unless forced', async () => {
		const backup = JSON.parse(JSON.stringify(await backupStore(deps.store, NOW)));
		const refused = await restoreStore(deps.store, backup);
		expect(refused).toMatchObject({ ok: false, code: 'store_not_empty' });
		await deps.store.query(`DELETE FROM notifications`);
		const forced = await restoreStore(deps.store, backup, { force: true });
		expect(forced).toMatchObject({ ok: true, rows: { notifications: 9 } });
		expect(await restoreStore(deps.store, { hello: 1 })).toMatchObject({
			ok: false,
			code: 'not_a_backup'
		});
	});

	// Plain SQL output is for PostgreSQL (pg_dump-style); PGlite backups use the JSON form above.
	if (kind === 'postgres')
		it('writes plain SQL that psql-style loading restores faithfully', async () => {
			const bundle = await exportOwner(deps.store, OWNER, NOW);
			const sql = backupToSql(await backupStore(deps.store, NOW));
			const schema = `t_sql_${Date.now()}`;
			const target = await openPostgres({ url: process.env.TEST_DATABASE_URL!, schema, max: 1 });
			extra.push({
				...target,
				close: async () => {
					await target.query(`DROP SCHEMA ${schema} CASCADE`);
					await target.close();
				}
			});
			await target.query(sql); // simple-query protocol: many statements, as psql sends them
			expect(await migrate(target)).toEqual([]);
			expect((await checkRestore(target, JSON.parse(JSON.stringify(bundle)))).ok).toBe(true);
		});
});
