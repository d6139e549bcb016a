import type { Page } from '@playwright/test';
import { enrol, expect, openKiosk, unlock, waitForServiceWorker } from './fixtures';
import { fresh } from './fresh';

const KILN_A = 'studio-kiln-a';

async function walkIn(page: Page, name: string, halfShelves: number, station: string | null) {
	await page.getByRole('link', { name: 'Walk-in intake' }).click();
	await page.getByLabel('Customer name').fill(name);
	await page.getByLabel('Estimated half-shelves').fill(String(halfShelves));
	if (station) await page.getByLabel('Station (optional)').selectOption(station);
	await page.getByRole('button', { name: 'Create reservation' }).click();
	await expect(page.getByRole('heading', { name })).toBeVisible();
	await expect(page.getByTestId('sync-status')).toHaveText('synced');
}

async function freeOnKilnA(page: Page) {
	await page.getByRole('link', { name: 'Board', exact: true }).click();
	const capacity = page.getByTestId('capacity-studio-kiln-a');
	const [used, cap] = ((await capacity.textContent()) ?? '').match(/\d+/g)!.map(Number);
	expect(cap).toBe(8);
	return cap - used;
}

async function fillKilnA(page: Page) {
	await walkIn(page, 'Filler Work', await freeOnKilnA(page), KILN_A);
	await page.getByRole('link', { name: 'Board', exact: true }).click();
	await expect(page.getByTestId('capacity-studio-kiln-a')).toContainText(
		'8/8 half-shelves · At capacity'
	);
}

async function assignToKilnA(page: Page) {
	await page.getByLabel('Station', { exact: true }).selectOption(KILN_A);
	await page.getByRole('button', { name: 'Assign station' }).click();
}

async function expectCapacityFailure(page: Page) {
	const row = page.getByTestId('card-queue-row').filter({ hasText: 'Assign to station' });
	await expect(row).toContainText('failed');
	await expect(row).toContainText('Studio Kiln A is full');
	await expect(row).toContainText('1 over capacity');
	await expect(row).toContainText(/Room for it: .*free/);
	await expect(row).toContainText('Waitlist');
	await expect(page.getByTestId('failed-count')).toHaveText('1');
	await expect(page.getByTestId('capacity-hint')).toContainText('Waitlist');
	await page.getByRole('link', { name: 'Sync & failures' }).click();
	await expect(page.getByRole('main').getByTestId('failure-reason')).toContainText(
		'does not have room'
	);
}

fresh(
	'a station filled to capacity cannot be picked for one more, and says where there is room',
	async ({ page, studio }) => {
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await fillKilnA(page);
		await walkIn(page, 'One Too Many', 1, null);
		const kilnA = page.locator(`#station-pick option[value="${KILN_A}"]`);
		await expect(kilnA).toBeDisabled();
		await expect(kilnA).toContainText('0 of 8 half-shelves free');
		const why = page.getByTestId('station-refusals');
		await expect(why).toContainText('Studio Kiln A is full');
		await expect(why).toContainText('1 over capacity');
		await expect(why).toContainText(/Room for it: .*free/);
		await expect(why).toContainText('Waitlist');
		await expect(page.getByRole('button', { name: 'Assign station' })).toBeDisabled();
	}
);

fresh(
	'an assignment queued offline while it fitted fails visibly once another kiosk filled the station',
	async ({ page, context, browser, studio }) => {
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await waitForServiceWorker(page);
		const free = await freeOnKilnA(page);
		await walkIn(page, 'One Too Many', 1, null);
		await context.setOffline(true);
		await assignToKilnA(page);
		await expect(page.getByTestId('connection')).toContainText('Offline');
		const row = page.getByTestId('card-queue-row').filter({ hasText: 'Assign to station' });
		await expect(row).toContainText(/pending|syncing/);
		const k2 = await openKiosk(browser, studio.url, 'Kiosk two');
		try {
			await walkIn(k2.page, 'Filler Work', free, KILN_A);
		} finally {
			await k2.context.close();
		}
		await context.setOffline(false);
		await expectCapacityFailure(page);
	}
);
