import {
	KioskProfile,
	ServerProbe,
	changeStatus,
	enrol,
	expect,
	openCard,
	rowsWithNote,
	test,
	unlock,
	waitForServiceWorker
} from './fixtures';

const R = 'KB-1050';

test('tablet reboot with no network: the board opens with its full data and queue', async ({
	ownServer: server
}) => {
	const profile = new KioskProfile();
	try {
		let context = await profile.launch();
		let page = context.pages()[0] ?? (await context.newPage());
		await enrol(page, server.url, 'Rebooted kiosk');
		await unlock(page, 'staff');
		await waitForServiceWorker(page);
		await expect(page.getByTestId('card').first()).toBeVisible();
		const total = await page.getByTestId('card').count();
		await context.setOffline(true);
		await openCard(page, R);
		await changeStatus(page, 'Confirm', 'queued before the reboot');
		await expect(page.getByTestId('pending-count')).toHaveText('1');
		await context.close();

		// Power back on with no network at all: same profile, offline from the first request, and
		// the server gone too (Chromium may wake the worker for its pending sync tag before the
		// offline emulation reaches it; a dead server keeps that honest).
		await server.stop();
		context = await profile.launch({ offline: true });
		page = context.pages()[0] ?? (await context.newPage());
		await page.goto(server.url + '/');
		await unlock(page, 'staff');
		await expect(page.getByTestId('connection')).toContainText('Offline');
		await expect(page.getByTestId('card')).toHaveCount(total);
		await expect(page.getByTestId('pending-count')).toHaveText('1');
		const card = page.locator(`[data-testid="card"][data-id="${R}"]`);
		await expect(card.getByTestId('badge-pending')).toBeVisible();
		await expect(card.getByTestId('card-status')).toHaveText('Confirmed');
		await openCard(page, R); // a deep link inside the offline app
		await expect(page.getByTestId('card-queue-row')).toContainText('pending');

		// And the queue survives to be sent once the network returns.
		await server.start();
		await context.setOffline(false);
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		const probe = await ServerProbe.enrol(server.url);
		expect(rowsWithNote(await probe.reservation(R), 'queued before the reboot')).toHaveLength(1);
		await context.close();
	} finally {
		await profile.dispose();
	}
});
