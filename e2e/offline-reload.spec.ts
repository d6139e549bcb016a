import {
	ServerProbe,
	changeStatus,
	expect,
	gotoSync,
	openCard,
	readQueue,
	revisionsIn,
	rowsWithNote,
	saveNote,
	setOffline,
	test,
	unlock,
	waitForServiceWorker
} from './fixtures';

const R = 'KB-1017';
const S = 'KB-1018';

test('offline: reload serves board and queue from cache; 3 queued actions drain on reconnect without a click', async ({
	kioskPage: page,
	context,
	baseURL
}) => {
	const probe = await ServerProbe.enrol(baseURL);
	await waitForServiceWorker(page);
	await expect(page.getByTestId('card').first()).toBeVisible();
	const total = await page.getByTestId('card').count();
	expect(total).toBeGreaterThan(10);

	await setOffline(context, true);
	await page.reload();
	// The shell came from the worker's precache, the board from IndexedDB.
	await unlock(page, 'staff');
	await expect(page.getByTestId('card')).toHaveCount(total);
	await expect(page.getByTestId('connection')).toContainText('Offline');

	await openCard(page, R);
	await changeStatus(page, 'Confirm', 'offline confirm R');
	await saveNote(page, 'offline note R');
	await openCard(page, S);
	await changeStatus(page, 'Confirm', 'offline confirm S');
	await expect(page.getByTestId('pending-count')).toHaveText('3');
	await expect(page.getByTestId('sync-status')).toHaveText('pending');
	await expect(page.getByRole('button', { name: 'Sync now' })).toBeDisabled();
	await expect(page.getByTestId('detail-status')).toHaveText('Confirmed'); // optimistic view

	// A second offline reload, on a deep link: the queue comes back from IndexedDB.
	await page.reload();
	await unlock(page, 'staff');
	await expect(page).toHaveURL(new RegExp(`/r/${S}$`));
	await expect(page.getByTestId('pending-count')).toHaveText('3');
	await expect(page.getByTestId('card-queue-row')).toHaveCount(1);
	await gotoSync(page);
	const revs = await revisionsIn(page.getByTestId('waiting-row'));
	expect(revs).toHaveLength(3);
	expect(revs[1]).toBeGreaterThan(revs[0]);
	expect(revs[2]).toBeGreaterThan(revs[1]);
	expect((await probe.reservation(R)).status).toBe('REQUESTED');

	// Back online: the 'online' trigger drains; nobody presses Sync now.
	await setOffline(context, false);
	await expect(page.getByTestId('sync-status')).toHaveText('synced');
	await expect(page.getByTestId('pending-count')).toHaveText('0');
	await expect(page.getByTestId('connection')).toHaveText('Online');
	const { outbox } = await readQueue(page);
	expect(outbox.filter((r) => revs.includes(r.queueRevision)).map((r) => r.state)).toEqual([
		'synced',
		'synced',
		'synced'
	]);

	const server = await probe.reservations();
	expect(server.get(R)?.status).toBe('CONFIRMED');
	expect(server.get(R)?.staffNotes.at(-1)?.text).toBe('offline note R');
	expect(rowsWithNote(server.get(R)!, 'offline confirm R')).toHaveLength(1);
	expect(rowsWithNote(server.get(R)!, 'offline note R')).toHaveLength(1);
	expect(server.get(S)?.status).toBe('CONFIRMED');
	expect(rowsWithNote(server.get(S)!, 'offline confirm S')).toHaveLength(1);
});
