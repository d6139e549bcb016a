import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { enrol, expect, unlock } from './fixtures';
import { fresh } from './fresh';

const KILN = 'studio-kiln-a';

async function axe(page: Page) {
	const violations = (
		await new AxeBuilder({ page })
			.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
			.analyze()
	).violations.map((v) => `${v.id}: ${v.nodes.length} (${v.help})`);
	expect(violations).toEqual([]);
}

/** Plans a firing of the first three confirmed cards waiting on the kiln; returns their ids. */
async function planFiring(page: Page): Promise<string[]> {
	await page.getByRole('link', { name: 'Firings' }).click();
	await expect(page.getByRole('heading', { name: 'Firings', exact: true })).toBeVisible();
	await page.getByLabel('Kiln', { exact: true }).selectOption(KILN);
	await page.getByLabel('Target cone').fill('04');
	const picks = page.locator('label.pick');
	await expect(picks.nth(2)).toBeVisible();
	const ids: string[] = [];
	for (let i = 0; i < 3; i++) {
		const text = (await picks.nth(i).textContent()) ?? '';
		ids.push(/\(([^()]+)\)\s*$/.exec(text.trim())![1]);
		await picks.nth(i).locator('input').check();
	}
	await axe(page);
	await page.getByRole('button', { name: 'Plan firing' }).click();
	await expect(page.getByTestId('firing-state')).toHaveText('Planned');
	return ids;
}

fresh(
	'staff plan a firing from three confirmed reservations on one kiln; the firings pages pass axe',
	async ({ page, studio }) => {
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		const ids = await planFiring(page);
		expect(new Set(ids).size).toBe(3);
		await expect(page.getByTestId('member')).toHaveCount(3);
		await axe(page);
		await page.getByRole('link', { name: /^Kiln log for/ }).click();
		await expect(page.getByRole('heading', { name: /Kiln log/ })).toBeVisible();
		await axe(page);
	}
);
