import AxeBuilder from '@axe-core/playwright';
import { expect, navTo, sendNow, test, unlock } from './fixtures';

test('enrol, unlock with PIN 1111, confirm a reservation, history row, persists after reload', async ({
	kioskPage: page
}) => {
	const requested = page
		.getByTestId('card')
		.filter({ has: page.getByText('Requested', { exact: true }) });
	await expect(requested.first()).toBeVisible();
	const card = requested.first();
	const id = await card.getAttribute('data-id');
	expect(id).toBeTruthy();
	await card.getByRole('link').click();
	await expect(page).toHaveURL(new RegExp(`/r/${id}$`));
	const historyBefore = await page.getByTestId('history-row').count();

	await page.getByRole('button', { name: 'Confirm', exact: true }).click();
	await page
		.getByLabel(/Staff note/)
		.first()
		.fill('Glaze checked, fits kiln A');
	await page.getByRole('button', { name: 'Confirm reservation' }).click();
	// Confirming messages the customer: held for its undo window unless staff send it now.
	await sendNow(page, 'Confirm:');

	await expect(page.getByTestId('detail-status')).toHaveText('Confirmed');
	await expect(page.getByTestId('history-row')).toHaveCount(historyBefore + 1);
	await expect(page.getByTestId('history-row').first()).toContainText('Requested → Confirmed');
	await expect(page.getByTestId('history-row').first()).toContainText('Glaze checked, fits kiln A');
	await expect(page.getByTestId('sync-status')).toHaveText('synced');

	await page.reload();
	// A reload locks the kiosk: the next taps must be credited to whoever unlocks it.
	await unlock(page, 'staff');
	await expect(page.getByTestId('detail-status')).toHaveText('Confirmed');
	await expect(page.getByTestId('history-row').first()).toContainText('Requested → Confirmed');

	const health = await page.request.get('/healthz');
	expect(health.status()).toBe(200);
});

test('every kiosk screen and the customer request page pass an axe WCAG 2.2 AA check', async ({
	kioskPage: page
}) => {
	const scan = async () =>
		(
			await new AxeBuilder({ page })
				.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
				.analyze()
		).violations.map((v) => `${v.id}: ${v.nodes.length} (${v.help})`);
	await expect(page.getByTestId('card').first()).toBeVisible();
	expect(await scan()).toEqual([]);
	await page.getByTestId('card').first().getByRole('link').click();
	await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
	expect(await scan()).toEqual([]);
	for (const [link, heading] of [
		['Walk-in intake', 'Walk-in drop-off'],
		['Sync & failures', 'Sync and failed actions'],
		['Export', 'Export for an incident'],
		['Diagnostics', 'Diagnostics']
	]) {
		await navTo(page, link);
		await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
		expect(await scan(), link).toEqual([]);
	}
	await page.getByRole('button', { name: 'Lock' }).click();
	await expect(page.getByRole('heading', { name: 'Who is using the board?' })).toBeVisible();
	expect(await scan()).toEqual([]);
	await page.goto('/request');
	await expect(page.getByRole('heading', { name: 'Request a kiln firing' })).toBeVisible();
	expect(await scan(), 'customer request page').toEqual([]);
});
