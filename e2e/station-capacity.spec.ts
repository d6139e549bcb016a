import type { Page } from '@playwright/test';
import { enrol, expect, unlock } from './fixtures';
import { fresh } from './fresh';

async function walkIn(page: Page, name: string, halfShelves: number, station: string | null) {
	await page.getByRole('link', { name: 'Walk-in intake' }).click();
	await page.getByLabel('Customer name').fill(name);
	await page.getByLabel('Estimated half-shelves').fill(String(halfShelves));
	if (station) await page.getByLabel('Station (optional)').selectOption({ label: station });
	await page.getByRole('button', { name: 'Create reservation' }).click();
	await expect(page.getByRole('heading', { name })).toBeVisible();
	await expect(page.getByTestId('sync-status')).toHaveText('synced');
}

async function fillKilnA(page: Page) {
	await page.getByRole('link', { name: 'Board', exact: true }).click();
	const capacity = page.getByTestId('capacity-studio-kiln-a');
	const [used, cap] = ((await capacity.textContent()) ?? '').match(/\d+/g)!.map(Number);
	expect(cap).toBe(8);
	await walkIn(page, 'Filler Work', cap - used, 'Studio Kiln A');
	await page.getByRole('link', { name: 'Board', exact: true }).click();
	await expect(capacity).toContainText('8/8 half-shelves · At capacity');
	await walkIn(page, 'One Too Many', 1, null);
}

async function assignToKilnA(page: Page) {
	await page.getByLabel('Station', { exact: true }).selectOption({ label: 'Studio Kiln A' });
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
	'a station filled to capacity refuses one more assignment with actionable copy (online)',
	async ({ page, studio }) => {
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await fillKilnA(page);
		await assignToKilnA(page);
		await expectCapacityFailure(page);
	}
);

fresh(
	'the same assignment queued offline fails visibly once it syncs',
	async ({ page, context, studio }) => {
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await fillKilnA(page);
		await context.setOffline(true);
		await assignToKilnA(page);
		await expect(page.getByTestId('connection')).toContainText('Offline');
		const row = page.getByTestId('card-queue-row').filter({ hasText: 'Assign to station' });
		await expect(row).toContainText(/pending|syncing/);
		await context.setOffline(false);
		await expectCapacityFailure(page);
	}
);
