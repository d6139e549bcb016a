import {
	ServerProbe,
	changeStatus,
	expect,
	gotoSync,
	openCard,
	openKiosk,
	readQueue,
	rowsWithNote,
	saveNote,
	setOffline,
	test,
	unlock,
	waitForServiceWorker
} from './fixtures';

const R = 'KB-1025'; // kiosk 2 cancels it; kiosk 1's confirm fails and is discarded
const T = 'KB-1033'; // same conflict; kiosk 1's staff checks the card, then Clear failed
const S = 'KB-1026'; // unrelated: kiosk 1's action must sync regardless

test('two kiosks conflict: failed with reason, dependants held, others sync, supervisor resolves offline, nothing lost', async ({
	kioskPage: k1,
	context,
	browser,
	baseURL
}) => {
	const probe = await ServerProbe.enrol(baseURL);
	const k2 = await openKiosk(browser, baseURL, 'Kiosk two');
	try {
		await waitForServiceWorker(k1);
		await setOffline(context, true);
		await expect(k1.getByTestId('connection')).toContainText('Offline');
		await openCard(k1, R);
		await changeStatus(k1, 'Confirm', 'k1 confirms R');
		await saveNote(k1, 'k1 later note on R');
		await openCard(k1, T);
		await changeStatus(k1, 'Confirm', 'k1 confirms T');
		await openCard(k1, S);
		await changeStatus(k1, 'Confirm', 'k1 confirms S');
		await expect(k1.getByTestId('pending-count')).toHaveText('4');
		// Offline drain attempts flip rows to 'syncing' and straight back: both mean "not sent yet".
		const made = (await readQueue(k1)).outbox.filter(
			(r) => r.state === 'pending' || r.state === 'syncing'
		);
		expect(made).toHaveLength(4);
		const [confirmR, noteR, confirmT] = made.map((r) => r.queueRevision);

		// Meanwhile kiosk 2, online, cancels R and T.
		for (const id of [R, T]) {
			await openCard(k2.page, id);
			await changeStatus(k2.page, 'Cancel', `k2 cancels ${id}`);
		}
		await expect(k2.page.getByTestId('sync-status')).toHaveText('synced');

		await setOffline(context, false);
		await expect(k1.getByTestId('failed-count')).toHaveText('2');
		await expect(k1.getByTestId('held-count')).toHaveText('1');
		await expect(k1.getByTestId('pending-count')).toHaveText('0');
		await expect(k1.getByTestId('sync-status')).toHaveText('failed');

		// The card page explains: failed with the server's reason, the later action waits on it.
		await openCard(k1, R);
		await expect(k1.getByTestId('detail-status')).toHaveText('Cancelled'); // server copy wins
		const rows = k1.getByTestId('card-queue-row'); // in revision order
		await expect(rows).toHaveCount(2);
		await expect(rows.nth(0)).toContainText(`failed #${confirmR}`);
		await expect(rows.nth(0)).toContainText('Someone changed this card');
		await expect(rows.nth(1)).toContainText(`held #${noteR}`);
		await expect(rows.nth(1)).toContainText(`waiting on failed #${confirmR}`);
		await k1.getByRole('link', { name: 'Board', exact: true }).click();
		const card = (id: string) => k1.locator(`[data-testid="card"][data-id="${id}"]`);
		await expect(card(R).getByTestId('badge-failed')).toBeVisible();
		await expect(card(R).getByTestId('badge-held')).toBeVisible();
		await expect(card(S).getByTestId('badge-failed')).toHaveCount(0);
		await expect(card(S).getByTestId('badge-pending')).toHaveCount(0);

		let server = await probe.reservations();
		expect(server.get(S)?.status).toBe('CONFIRMED');
		expect(rowsWithNote(server.get(S)!, 'k1 confirms S')).toHaveLength(1);
		expect(server.get(R)?.status).toBe('CANCELLED');
		expect(rowsWithNote(server.get(R)!, 'k1 confirms R')).toHaveLength(0);
		expect(rowsWithNote(server.get(R)!, 'k1 later note on R')).toHaveLength(0);

		// A supervisor reviews with the network gone again.
		await setOffline(context, true);
		await k1.getByRole('button', { name: 'Lock' }).click();
		await unlock(k1, 'supervisor');
		await gotoSync(k1);
		const failedR = k1.locator(`main [data-testid="failed-row"][data-rev="${confirmR}"]`);
		await expect(failedR.getByTestId('failure-reason')).toContainText(
			'Someone changed this card since you acted on it'
		);
		await expect(failedR).toContainText('Sam Rivera');
		await expect(failedR).toContainText('Cancelled'); // the server's card now
		await failedR.getByPlaceholder('Why discard? (required)').fill('Customer withdrew; k2 right');
		// The note held behind it is listed; staff choose to send it after all.
		await failedR
			.getByTestId('held-row')
			.filter({ hasText: `#${noteR}` })
			.getByLabel('Send it after all')
			.check();
		await failedR.getByRole('button', { name: 'Discard with note' }).click();
		await expect(failedR).toHaveCount(0);
		const archived = k1
			.getByTestId('archive-row')
			.filter({ hasText: new RegExp(`^\\s*#${confirmR}\\s`) });
		await expect(archived).toContainText('discarded by Jo Park');
		await expect(archived).toContainText('Customer withdrew; k2 right');

		// T: checked and corrected, then Clear failed archives it (and only it).
		const failedT = k1.locator(`main [data-testid="failed-row"][data-rev="${confirmT}"]`);
		await failedT.getByRole('button', { name: 'Mark checked and corrected' }).click();
		await expect(failedT).toContainText('Checked by Jo Park');
		await k1.getByRole('button', { name: 'Clear failed' }).click();
		await k1.getByRole('button', { name: 'Clear checked failures' }).click();
		await expect(k1.getByRole('dialog')).toBeHidden();
		await expect(k1.getByTestId('failed-count')).toHaveText('0');
		await expect(
			k1.getByTestId('archive-row').filter({ hasText: new RegExp(`^\\s*#${confirmT}\\s`) })
		).toContainText('cleared by Jo Park');

		// Nothing lost: every revision kiosk 1 made is still in its outbox or its archive.
		const after = await readQueue(k1);
		const kept = new Set([...after.outbox, ...after.archive].map((r) => r.queueRevision));
		for (const r of made) expect(kept).toContain(r.queueRevision);

		// The note held behind R's failure is released under a new revision, still made against
		// the card it saw. Kiosk 2's cancel note is another entry in the append-only notes list, so
		// k1's note does not depend on it: it applies, and both kiosks' notes survive.
		const released = after.outbox.find((r) => r.replaces === noteR);
		expect(released?.state).toBe('pending');
		expect(released!.queueRevision).toBeGreaterThan(confirmT);
		expect(after.archive.find((r) => r.queueRevision === noteR)?.resolution).toBe('requeued');
		await setOffline(context, false);
		await expect(k1.getByTestId('sync-status')).toHaveText('synced');
		await expect(k1.getByTestId('failed-count')).toHaveText('0');
		server = await probe.reservations();
		expect(server.get(R)?.staffNotes.map((n) => n.text)).toEqual([
			`k2 cancels ${R}`,
			'k1 later note on R'
		]);
		expect(rowsWithNote(server.get(R)!, 'k1 later note on R')).toHaveLength(1);
		expect(rowsWithNote(server.get(R)!, 'k1 confirms R')).toHaveLength(0);
		expect(server.get(R)?.status).toBe('CANCELLED');
		expect(server.get(T)?.status).toBe('CANCELLED');
		expect(rowsWithNote(server.get(S)!, 'k1 confirms S')).toHaveLength(1);
		const archive = (await readQueue(k1)).archive;
		expect(archive.map((a) => [a.queueRevision, a.resolution, a.resolvedBy]).sort()).toEqual(
			[
				[confirmR, 'discarded', 'sup-jo'],
				[noteR, 'requeued', 'staff-sam'],
				[confirmT, 'cleared', 'sup-jo']
			].sort()
		);
	} finally {
		await k2.context.close();
	}
});
