import { join } from 'node:path';
import { SCHEMA_V1 } from '../src/lib/client/db';
import {
	ServerProbe,
	expect,
	gotoSync,
	openCard,
	readQueue,
	rowsWithNote,
	saveNote,
	test,
	unlock
} from './fixtures';

// The old app's database is written by a script injected into a same-origin page (/healthz),
// whose CSP (default-src 'none') would refuse it; the app's own CSP is checked in security.spec.ts.
test.use({ bypassCSP: true });

const R = 'KB-1057';
const S = 'KB-1058';

test('a Dexie schema upgrade keeps pending and failed rows: shown, counted, still sendable', async ({
	page,
	context,
	baseURL
}) => {
	// A kiosk enrolled under the previous app version: its device and data, written with the
	// version-1 schema before any current app code opens the database.
	const device = await ServerProbe.enrol(baseURL, 'Kiosk from v1');
	const snap = await device.snapshot();
	const at = new Date().toISOString();
	const base = { deviceId: device.deviceId, actorUid: 'staff-sam', createdAt: at };
	const rows = [
		{
			...base,
			queueRevision: 1,
			reservationId: R,
			baseVersion: snap.reservations.get(R)!.version - 1,
			state: 'failed',
			type: 'reservation.status',
			payload: { status: 'CONFIRMED', staffNotes: 'v1 failed confirm', expectation: null },
			result: {
				code: 'stale',
				message: 'Changed on the server.',
				details: null,
				serverCopy: snap.reservations.get(R),
				at
			}
		},
		{
			...base,
			queueRevision: 2,
			reservationId: R,
			baseVersion: snap.reservations.get(R)!.version,
			state: 'pending',
			type: 'reservation.note',
			payload: { staffNotes: 'v1 note behind the failure' }
		},
		{
			...base,
			queueRevision: 3,
			reservationId: S,
			baseVersion: snap.reservations.get(S)!.version,
			state: 'pending',
			type: 'reservation.status',
			payload: { status: 'CONFIRMED', staffNotes: 'v1 pending confirm', expectation: null }
		}
	];
	// Pushes fail until the end, so the upgraded rows stay as they were while we look at them.
	await context.route('**/api/sync/push', (route) => route.abort());
	await page.goto(baseURL + '/healthz'); // same origin, no app code
	await page.addScriptTag({ path: join(process.cwd(), 'node_modules/dexie/dist/dexie.js') });
	await page.evaluate(
		async ({ schema, rows, meta, reservations, stations, roster }) => {
			const { Dexie } = window as unknown as {
				Dexie: new (name: string) => {
					version(n: number): { stores(s: Record<string, string>): void };
					open(): Promise<void>;
					table(name: string): { bulkPut(rows: unknown[]): Promise<unknown> };
					close(): void;
				};
			};
			const db = new Dexie('kilnboard');
			db.version(1).stores(schema);
			await db.open();
			await db.table('outbox').bulkPut(rows);
			await db.table('meta').bulkPut(meta);
			await db.table('reservations').bulkPut(reservations);
			await db.table('stations').bulkPut(stations);
			await db.table('roster').bulkPut(roster);
			db.close();
		},
		{
			schema: SCHEMA_V1,
			rows,
			meta: [
				{ key: 'deviceId', value: device.deviceId },
				{ key: 'token', value: device.token },
				{ key: 'label', value: 'Kiosk from v1' }
			],
			reservations: [...snap.reservations.values()],
			stations: snap.stations,
			roster: snap.roster
		}
	);
	expect(
		await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.version))
	).toEqual([10]);

	await page.goto(baseURL + '/');
	await unlock(page, 'staff');
	// The latest Dexie version (11, IndexedDB 110; v3 made staff notes a list): v1 rows upgrade through every version.
	expect(
		await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.version))
	).toEqual([110]);
	await expect(page.getByTestId('failed-count')).toHaveText('1');
	await expect(page.getByTestId('held-count')).toHaveText('1');
	await expect(page.getByTestId('pending-count')).toHaveText('1');
	const card = (id: string) => page.locator(`[data-testid="card"][data-id="${id}"]`);
	await expect(card(R).getByTestId('badge-failed')).toBeVisible();
	await expect(card(S).getByTestId('badge-pending')).toBeVisible();
	await gotoSync(page);
	await expect(page.locator('main [data-testid="failed-row"][data-rev="1"]')).toContainText(
		'Set status to Confirmed'
	);
	await expect(page.getByTestId('waiting-row')).toHaveCount(2);
	await expect(page.getByTestId('waiting-row').nth(0)).toContainText('waiting on failed #1');

	const upgraded = (await readQueue(page)).outbox;
	expect(upgraded.map((r) => r.queueRevision)).toEqual([1, 2, 3]);
	for (const r of upgraded) expect(typeof r.attempts).toBe('number');

	// The revision counter continues after the upgraded rows: never reused.
	await openCard(page, S);
	await saveNote(page, 'note made after the upgrade');
	const next = (await readQueue(page)).outbox.at(-1)!;
	expect(next.queueRevision).toBe(4);

	// The upgraded pending rows are still valid on the wire.
	await context.unroute('**/api/sync/push');
	// The drainer's own retry may send them first, and then Sync now is disabled (nothing is
	// waiting): a forced click presses it if it is still enabled and does nothing otherwise.
	await page.getByRole('button', { name: 'Sync now' }).click({ force: true });
	await expect(page.getByTestId('pending-count')).toHaveText('0');
	await expect(page.getByTestId('failed-count')).toHaveText('1');
	await expect(page.getByTestId('held-count')).toHaveText('1');
	const server = await device.reservation(S);
	expect(server.status).toBe('CONFIRMED');
	expect(rowsWithNote(server, 'v1 pending confirm')).toHaveLength(1);
	expect(rowsWithNote(server, 'note made after the upgrade')).toHaveLength(1);
});
