import {
	ServerProbe,
	changeStatus,
	expect,
	openCard,
	readQueue,
	rowsWithNote,
	test
} from './fixtures';

const R = 'KB-1034';

test('lost response: the server commits, the response is dropped, the resend applies once', async ({
	kioskPage: page,
	baseURL
}) => {
	const probe = await ServerProbe.enrol(baseURL);
	await openCard(page, R);
	await expect(page.getByTestId('sync-status')).toHaveText('synced');
	const historyBefore = await page.getByTestId('history-row').count();
	const serverBefore = await probe.reservation(R);

	expect(await probe.faults({ dropResponsesAfterCommit: 1 })).toMatchObject({
		dropResponsesAfterCommit: 1
	});
	const pushes: number[] = [];
	// Context level: the service worker's background-sync drain may be the one that resends.
	page.context().on('response', (r) => {
		if (r.url().endsWith('/api/sync/push')) pushes.push(r.status());
	});
	await changeStatus(page, 'Confirm', 'lost response confirm');

	await expect(page.getByTestId('sync-status')).toHaveText('synced');
	await expect(page.getByTestId('detail-status')).toHaveText('Confirmed');
	await expect(page.getByTestId('history-row')).toHaveCount(historyBefore + 1);
	// The switch was used: the first answer was lost (502) and the row was sent twice.
	await expect.poll(() => pushes).toEqual([502, 200]);
	expect(await probe.faults({})).toMatchObject({ dropResponsesAfterCommit: 0 });
	const row = (await readQueue(page)).outbox.find(
		(r) => r.reservationId === R && r.state === 'synced'
	);
	expect(row?.attempts).toBe(2);

	const server = await probe.reservation(R);
	expect(server.status).toBe('CONFIRMED');
	expect(rowsWithNote(server, 'lost response confirm')).toHaveLength(1);
	expect(server.stageHistory).toHaveLength(serverBefore.stageHistory.length + 1);
	expect(server.version).toBe(serverBefore.version + 1);
});
