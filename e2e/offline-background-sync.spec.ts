import {
	ServerProbe,
	changeStatus,
	dispatchSyncViaCdp,
	enrol,
	expect,
	openCard,
	readQueue,
	rowsWithNote,
	saveNote,
	setOffline,
	test,
	unlock,
	waitForServiceWorker
} from './fixtures';
import type { Page } from '@playwright/test';

const syncTags = (page: Page) =>
	page.evaluate(async () => {
		const reg = (await navigator.serviceWorker.ready) as ServiceWorkerRegistration & {
			sync: { getTags(): Promise<string[]> };
		};
		return reg.sync.getTags();
	});

test('service worker drains with no app page open: a sync tag registered offline fires on reconnect', async ({
	kioskPage: page,
	context,
	baseURL
}) => {
	const R = 'KB-1049';
	const probe = await ServerProbe.enrol(baseURL);
	await waitForServiceWorker(page);
	await setOffline(context, true);
	await openCard(page, R);
	await changeStatus(page, 'Confirm', 'sw confirm R');
	await saveNote(page, 'sw note R');
	await expect(page.getByTestId('pending-count')).toHaveText('2');
	expect(await syncTags(page)).toContain('kilnboard-drain');

	await page.close();
	expect(context.pages()).toHaveLength(0);
	await setOffline(context, false);

	// Only the worker is left to send them.
	await expect
		.poll(async () => (await probe.reservation(R)).status, { timeout: 20_000 })
		.toBe('CONFIRMED');
	const server = await probe.reservation(R);
	expect(rowsWithNote(server, 'sw confirm R')).toHaveLength(1);
	await expect
		.poll(async () => (await probe.reservation(R)).staffNotes.at(-1)?.text)
		.toBe('sw note R');
	expect(rowsWithNote(await probe.reservation(R), 'sw note R')).toHaveLength(1);

	const again = await context.newPage();
	await again.goto(baseURL + '/healthz'); // same origin, no app code: read the queue as left
	const rows = (await readQueue(again)).outbox.filter((r) => r.reservationId === R);
	expect(rows.map((r) => r.state)).toEqual(['synced', 'synced']);
});

test('service worker drains with no app page open: a sync event dispatched over CDP', async ({
	page,
	context,
	ownServer
}) => {
	test.setTimeout(120_000); // the server is stopped and started again (slow on a loaded machine)
	const R = 'KB-1001';
	const origin = ownServer.url;
	await enrol(page, origin, 'CDP kiosk');
	await unlock(page, 'staff');
	await waitForServiceWorker(page);

	// Server down: the page's drain and the worker's first sync event both fail; the browser
	// would only retry the sync minutes later.
	await ownServer.stop();
	await openCard(page, R);
	await changeStatus(page, 'Confirm', 'cdp confirm R');
	await saveNote(page, 'cdp note R');
	await expect(page.getByTestId('connection')).toContainText('Server unreachable');
	await expect(page.getByTestId('pending-count')).toHaveText('2');
	await page.close();
	await ownServer.start();

	const probe = await ServerProbe.enrol(origin);
	expect((await probe.reservation(R)).status).toBe('REQUESTED');
	await dispatchSyncViaCdp(context, origin);
	await expect
		.poll(async () => (await probe.reservation(R)).staffNotes.at(-1)?.text, { timeout: 20_000 })
		.toBe('cdp note R');
	const server = await probe.reservation(R);
	expect(server.status).toBe('CONFIRMED');
	expect(rowsWithNote(server, 'cdp confirm R')).toHaveLength(1);
	expect(rowsWithNote(server, 'cdp note R')).toHaveLength(1);
});
