import type { Page } from '@playwright/test';
import {
	ServerProbe,
	changeStatus,
	dispatchSyncViaCdp,
	enrol,
	expect,
	openCard,
	readQueue,
	rowsWithNote,
	test,
	unlock,
	waitForServiceWorker
} from './fixtures';

/** A Requested card on the board (its one-tap step is Confirm): nobody has messaged it yet. */
async function requestedCard(page: Page): Promise<string> {
	const card = page
		.getByTestId('card')
		.filter({ has: page.getByTestId('card-step').getByText('Confirm', { exact: true }) })
		.first();
	return (await card.getAttribute('data-id'))!;
}

// Tests that cancel a card use their own server: the run's shared one keeps its cards for others.
test('a cancel from the reservation page is held for its undo window, then sent once with no page open', async ({
	page,
	context,
	ownServer
}) => {
	const baseURL = ownServer.url;
	await enrol(page, baseURL, 'Hold kiosk');
	await unlock(page, 'staff');
	const probe = await ServerProbe.enrol(baseURL);
	await waitForServiceWorker(page);
	const id = await requestedCard(page);
	expect((await probe.reservation(id)).status).toBe('REQUESTED');
	const before = await probe.notificationKinds(id);

	await openCard(page, id);
	await changeStatus(page, 'Cancel', 'held cancel, page closed', { hold: true });
	// Online, and yet held: cancelling messages the customer.
	const entry = page.getByTestId('undo-entry').filter({ hasText: 'Cancel:' });
	await expect(entry).toContainText(/Sent in \d s/);
	expect((await probe.reservation(id)).status).toBe('REQUESTED');

	// Closed inside the window: no page is left to send it; the service worker does.
	await page.close();
	expect(context.pages()).toHaveLength(0);
	await expect
		.poll(async () => (await probe.reservation(id)).status, { timeout: 30_000 })
		.toBe('CANCELLED');
	const server = await probe.reservation(id);
	expect(rowsWithNote(server, 'held cancel, page closed')).toHaveLength(1);
	expect(await probe.notificationKinds(id)).toEqual([...before, 'cancelled']);

	// The row was sent once and recorded as synced (read with no app code running).
	const again = await context.newPage();
	await again.goto(baseURL + '/healthz');
	const rows = (await readQueue(again)).outbox.filter((r) => r.reservationId === id);
	expect(rows.map((r) => [r.state, r.attempts])).toEqual([['synced', 1]]);
});

test('undo inside the window: no outbox row, the server never sees the cancel, no customer message', async ({
	kioskPage: page,
	baseURL
}) => {
	const probe = await ServerProbe.enrol(baseURL);
	await waitForServiceWorker(page);
	const id = await requestedCard(page);
	const before = await probe.reservation(id);
	const kinds = await probe.notificationKinds(id);

	await openCard(page, id);
	await changeStatus(page, 'Cancel', 'cancel taken back', { hold: true });
	const entry = page.getByTestId('undo-entry').filter({ hasText: 'Cancel:' });
	await expect(entry).toContainText(/Sent in \d s/);
	// One Undo for the action on this page (the bar's), not a second one in the feedback line.
	await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveCount(1);
	await entry.getByRole('button', { name: 'Undo', exact: true }).click();
	await expect(entry).toContainText('Undone — nothing was sent.');
	expect((await readQueue(page)).outbox.filter((r) => r.reservationId === id)).toHaveLength(0);

	// Well past the window, and through a drain: still nothing reached the server.
	await page.waitForTimeout(9000);
	await expect(page.getByTestId('sync-status')).toHaveText('synced');
	const after = await probe.reservation(id);
	expect(after.status).toBe('REQUESTED');
	expect(after.version).toBe(before.version);
	expect(rowsWithNote(after, 'cancel taken back')).toHaveLength(0);
	expect(await probe.notificationKinds(id)).toEqual(kinds);
});

test('Send now ends the window at once: the server has the cancel and the customer message', async ({
	page,
	ownServer
}) => {
	const baseURL = ownServer.url;
	await enrol(page, baseURL, 'Hold kiosk');
	await unlock(page, 'staff');
	const probe = await ServerProbe.enrol(baseURL);
	const id = await requestedCard(page);
	const kinds = await probe.notificationKinds(id);
	await openCard(page, id);
	await changeStatus(page, 'Cancel', 'cancel sent now'); // presses Send now on the undo line
	const entry = page.getByTestId('undo-entry').filter({ hasText: 'Cancel:' });
	await expect(entry.getByRole('button', { name: 'Undo', exact: true })).toHaveCount(0);
	// Well inside what would have been the 8 s window.
	await expect
		.poll(async () => (await probe.reservation(id)).status, { timeout: 6_000 })
		.toBe('CANCELLED');
	expect(await probe.notificationKinds(id)).toEqual([...kinds, 'cancelled']);
});

test('the service worker waits inside its sync event for a row still in its undo window', async ({
	page,
	context,
	ownServer
}) => {
	test.setTimeout(120_000); // the server is stopped and started again
	const origin = ownServer.url;
	await enrol(page, origin, 'Hold kiosk');
	await unlock(page, 'staff');
	await waitForServiceWorker(page);
	const id = await requestedCard(page);
	// Server down, so nothing is sent while the row is set up.
	await ownServer.stop();
	await openCard(page, id);
	await changeStatus(page, 'Cancel', 'sent by the waiting worker', { hold: true });
	await page.close();

	// With no page open, nothing sends the row now (the worker's failed sync retries minutes later).
	await ownServer.start();
	const probe = await ServerProbe.enrol(origin);
	expect((await probe.reservation(id)).status).toBe('REQUESTED');
	// Closing the page ended the hold; put the row back inside a window, from a precached file
	// (no app code runs there, so nothing releases it again).
	const raw = await context.newPage();
	await raw.goto(origin + '/manifest.webmanifest');
	const heldUntil = await raw.evaluate(
		(rid) =>
			new Promise<string>((resolve, reject) => {
				const open = indexedDB.open('kilnboard');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const tx = open.result.transaction('outbox', 'readwrite');
					const store = tx.objectStore('outbox');
					const all = store.getAll();
					const until = new Date(Date.now() + 6000).toISOString();
					all.onsuccess = () => {
						for (const row of all.result)
							if (row.reservationId === rid) store.put({ ...row, sendAfter: until });
					};
					tx.oncomplete = () => {
						open.result.close();
						resolve(until);
					};
					tx.onerror = () => reject(tx.error);
				};
			}),
		id
	);
	await raw.close();
	expect(context.pages()).toHaveLength(0);

	const dispatched = dispatchSyncViaCdp(context, origin);
	await new Promise((r) => setTimeout(r, 2000));
	// Inside the window the worker has not sent it ...
	expect(Date.now()).toBeLessThan(Date.parse(heldUntil));
	expect((await probe.reservation(id)).status).toBe('REQUESTED');
	await dispatched;
	// ... and it does once the window ends, with no page open.
	await expect
		.poll(async () => (await probe.reservation(id)).status, { timeout: 30_000 })
		.toBe('CANCELLED');
	expect(rowsWithNote(await probe.reservation(id), 'sent by the waiting worker')).toHaveLength(1);
	expect(await probe.notificationKinds(id)).toContain('cancelled');
});
