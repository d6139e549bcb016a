import {
	ServerProbe,
	changeStatus,
	enrol,
	expect,
	openCard,
	readQueue,
	rowsWithNote,
	saveNote,
	test,
	unlock
} from './fixtures';

const R = 'KB-1009';
const S = 'KB-1010';

test('server process killed: actions queue, panel says server unreachable, restart drains them by itself', async ({
	page,
	ownServer
}) => {
	await enrol(page, ownServer.url, 'Outage kiosk');
	await unlock(page, 'staff');
	await expect(page.getByTestId('sync-status')).toHaveText('synced');

	await ownServer.stop();
	await openCard(page, R);
	await changeStatus(page, 'Confirm', 'outage confirm R');
	await saveNote(page, 'outage note R');
	await openCard(page, S);
	await changeStatus(page, 'Confirm', 'outage confirm S');

	// The network is up, the studio server is not: the panel must tell these apart.
	await expect(page.getByTestId('connection')).toContainText('Server unreachable');
	await expect(page.getByTestId('connection')).not.toContainText('Offline');
	await expect(page.getByTestId('pending-count')).toHaveText('3');
	await expect(page.getByTestId('sync-status')).toHaveText('pending');
	const queued = (await readQueue(page)).outbox.filter((r) => r.state !== 'synced');
	expect(queued).toHaveLength(3);

	await ownServer.start();
	// No click: the backoff timer (or the live channel's reconnect) drains.
	await expect(page.getByTestId('sync-status')).toHaveText('synced', { timeout: 45_000 });
	await expect(page.getByTestId('connection')).toHaveText('Online');
	await expect(page.getByTestId('pending-count')).toHaveText('0');

	const server = await (await ServerProbe.enrol(ownServer.url)).reservations();
	expect(server.get(R)?.status).toBe('CONFIRMED');
	expect(server.get(R)?.staffNotes.at(-1)?.text).toBe('outage note R');
	expect(rowsWithNote(server.get(R)!, 'outage confirm R')).toHaveLength(1);
	expect(rowsWithNote(server.get(R)!, 'outage note R')).toHaveLength(1);
	expect(rowsWithNote(server.get(S)!, 'outage confirm S')).toHaveLength(1);
});
