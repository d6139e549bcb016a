import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unzipBundle, verifyBundle, type ContinuityBundle } from '../../domain/export';
import { OWNER, SECRETS } from '../../../testing/domain/export-fixtures';
import { exportOwner } from '../../server/continuity/export';
import {
	addReservationPhotos,
	addScenarioFiring,
	pushScenario
} from '../../../testing/server/continuity';
import type { ServerDeps } from '../../server/deps';
import { handlePull } from '../../server/pull';
import { enrolKiosk, STORE_KINDS, testServer, type Kiosk } from '../../../testing/server/testing';
import { KilnDb, setMeta } from '../db';
import { realTimers } from '../http';
import { enqueue } from '../outbox';
import { pull } from '../pull';
import { ownersOf } from './read-owner';
import { runExport, type KioskExportProgress } from './run-export';

let n = 0;

describe.each(STORE_KINDS)('kiosk export against a %s server', (kind) => {
	let deps: ServerDeps;
	let kiosk: Kiosk;
	let db: KilnDb;
	beforeEach(async () => {
		deps = await testServer(kind);
		kiosk = await enrolKiosk(deps);
		await pushScenario(kiosk);
		await addReservationPhotos(deps.store);
		await addScenarioFiring(deps.store);
		db = new KilnDb(`kb-export-${Date.now()}-${++n}`);
		await db.open();
		await setMeta(db, { deviceId: kiosk.deviceId, token: 'tok', label: 'Front desk' });
		// The kiosk's own pull, answered by the real pull handler: what the board holds offline.
		const fetch = async (url: string) => {
			const r = await handlePull(deps, kiosk.auth, new URL(url, 'http://kiosk.test'));
			return new Response(JSON.stringify(r.body), { status: r.status });
		};
		const pulled = await pull({ db, fetch, timers: realTimers, now: () => Date.now() }, 'tok');
		expect(pulled.ok).toBe(true);
	});
	afterEach(async () => {
		db.close();
		await deps.store.close();
	});

	it('signs the same data with the same signature as the server', async () => {
		const progress: KioskExportProgress[] = [];
		const local = await runExport(db, OWNER, '2026-12-24T18:00:00.000Z', (p) => progress.push(p));
		const server = await exportOwner(deps.store, OWNER, '2026-12-02T08:00:00.000Z');
		expect(local.summary).toEqual(server.summary);
		expect(local.summary.notifications).toBeGreaterThan(0);
		expect(local.summary.storageAudit).toBeGreaterThan(0);
		expect(local.summary.queueFairnessAudit).toBeGreaterThan(0);
		// The owner's place in the firing, read from the kiosk's pulled firings and the server's.
		expect(local.summary.firings).toBe(1);
		expect(local.signature).toBe(server.exportHeader.signature);
		expect(local.artifactId).toBe(`mf-continuity-${OWNER}-20261224180000`);
		expect(local.zipName).toBe(`mf-continuity-${OWNER}-20261224180000.zip`);
		expect(progress.map((p) => p.phase)).toEqual(
			expect.arrayContaining(['reading', 'signing', 'zipping', 'done'])
		);

		const files = unzipBundle(local.zip);
		const bundle = files.bundle as ContinuityBundle;
		expect(bundle.exportHeader.builtBy).toBe('kiosk');
		expect(await verifyBundle(files.bundle, files.csv)).toMatchObject({ ok: true });
		const text = JSON.stringify(files);
		for (const s of Object.values(SECRETS)) expect(text.includes(s), s).toBe(false);
	});

	it('lists pending local actions as warnings and leaves them out of the signed data', async () => {
		const before = await runExport(db, OWNER, '2026-12-24T18:00:00.000Z');
		const queued = await enqueue(db, {
			actorUid: 'staff-sam',
			reservationId: 'res-maya-2',
			action: { type: 'reservation.note', payload: { staffNotes: 'pending note' } },
			now: '2026-12-24T17:59:00.000Z'
		});
		expect(queued.ok).toBe(true);
		const after = await runExport(db, OWNER, '2026-12-24T18:00:00.000Z');
		expect(after.signature).toBe(before.signature);
		expect(after.warnings).toEqual([
			expect.objectContaining({ code: 'pending_local_action', reservationId: 'res-maya-2' })
		]);
		expect(after.warnings[0].message).toContain('note');
		expect(JSON.stringify(after.warnings)).not.toContain('pending note');
	});

	it('offers the owners on the board', async () => {
		const owners = ownersOf(await db.reservations.toArray());
		expect(owners.map((o) => [o.uid, o.reservations])).toEqual(
			expect.arrayContaining([
				[OWNER, 2],
				['cust-other', 1]
			])
		);
	});
});
