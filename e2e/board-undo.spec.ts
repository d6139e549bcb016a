import type { Page } from '@playwright/test';
import { expect, openCard, readQueue, saveNote, setOffline, test } from './fixtures';

/** Everything the server holds for one reservation, read through the real pull endpoint. */
async function serverView(page: Page, id: string) {
	return page.evaluate(async (rid) => {
		const token = await new Promise<string>((resolve, reject) => {
			const open = indexedDB.open('kilnboard');
			open.onerror = () => reject(open.error);
			open.onsuccess = () => {
				const get = open.result.transaction('meta').objectStore('meta').get('token');
				get.onsuccess = () => {
					open.result.close();
					resolve(get.result.value);
				};
			};
		});
		let cursor = 0;
		let reservation: { status: string; version: number } | null = null;
		const kinds: string[] = [];
		for (let i = 0; i < 50; i++) {
			const res = await fetch(`/api/sync/pull?cursor=${cursor}`, {
				headers: { authorization: `Device ${token}` }
			});
			const body = await res.json();
			for (const r of body.reservations) if (r.id === rid) reservation = r;
			for (const n of body.notifications) if (n.reservationId === rid) kinds.push(n.kind);
			cursor = body.cursor;
			if (!body.more) break;
		}
		return { reservation, kinds };
	}, id);
}

const cardOf = (page: Page, id: string) => page.locator(`[data-testid="card"][data-id="${id}"]`);

test('one tap confirms; undo within the window leaves no outbox row, and the server and customer never hear of it', async ({
	kioskPage: page
}) => {
	const requested = page
		.getByTestId('card')
		.filter({ has: page.getByTestId('card-step').getByText('Confirm', { exact: true }) })
		.first();
	await expect(requested).toBeVisible();
	const id = (await requested.getAttribute('data-id'))!;
	const before = await serverView(page, id);
	expect(before.reservation?.status).toBe('REQUESTED');

	await requested.getByTestId('card-step').click();
	await expect(cardOf(page, id).getByTestId('card-status')).toHaveText('Confirmed');
	expect((await readQueue(page)).outbox.filter((r) => r.reservationId === id)).toHaveLength(1);
	const entry = page.getByTestId('undo-entry').filter({ hasText: 'Confirmed' });
	await expect(entry).toContainText(/Sent in \d s/);
	await entry.getByRole('button', { name: 'Undo' }).click();
	await expect(entry).toContainText('Undone — nothing was sent.');
	await expect(cardOf(page, id).getByTestId('card-status')).toHaveText('Requested');
	expect((await readQueue(page)).outbox.filter((r) => r.reservationId === id)).toHaveLength(0);

	// Past the window: still nothing on the server, and no customer message recorded.
	await page.waitForTimeout(9000);
	const after = await serverView(page, id);
	expect(after.reservation?.status).toBe('REQUESTED');
	expect(after.reservation?.version).toBe(before.reservation?.version);
	expect(after.kinds).toEqual(before.kinds);
});

test('without undo the action is sent when its window ends, and the customer is told once', async ({
	kioskPage: page
}) => {
	const requested = page
		.getByTestId('card')
		.filter({ has: page.getByTestId('card-step').getByText('Confirm', { exact: true }) })
		.first();
	const id = (await requested.getAttribute('data-id'))!;
	const before = await serverView(page, id);
	await requested.getByTestId('card-step').click();
	// Held back during the window: the server has not seen it yet.
	expect((await serverView(page, id)).reservation?.status).toBe('REQUESTED');
	await expect(page.getByTestId('sync-status')).toHaveText('synced', { timeout: 20_000 });
	const after = await serverView(page, id);
	expect(after.reservation?.status).toBe('CONFIRMED');
	expect(after.kinds.filter((k) => k === 'confirmed')).toHaveLength(
		before.kinds.filter((k) => k === 'confirmed').length + 1
	);
});

test('undo from the reservation page takes an unsent action back (offline)', async ({
	kioskPage: page,
	context
}) => {
	const card = page.getByTestId('card').first();
	const id = (await card.getAttribute('data-id'))!;
	await setOffline(context, true);
	await openCard(page, id);
	await saveNote(page, 'note to take back');
	// One Undo for the action on this page: the undo bar's line, not a second one by the feedback.
	await expect(page.getByRole('button', { name: 'Undo', exact: true })).toHaveCount(1);
	const entry = page.getByTestId('undo-entry').filter({ hasText: 'Note' });
	await entry.getByRole('button', { name: 'Undo', exact: true }).click();
	await expect(entry).toContainText('Undone — nothing was sent.');
	expect((await readQueue(page)).outbox.filter((r) => r.reservationId === id)).toHaveLength(0);
	await setOffline(context, false);
});
