import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { enrol, expect, test, unlock } from './fixtures';
import { chooseTheme, leave, SCREENS, show } from './kiosk-screens';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

async function violations(page: Page, where: string): Promise<string[]> {
	const result = await new AxeBuilder({ page }).withTags(TAGS).analyze();
	return result.violations.map(
		(v) =>
			`${where}: ${v.id} ×${v.nodes.length} (${v.help}) e.g. ${v.nodes[0]?.target.join(' ')} ${v.nodes[0]?.failureSummary?.split('\n')[1] ?? ''}`
	);
}

const THEMES = [
	{ name: 'light', media: { colorScheme: 'light' as const }, toggle: 'Light' as const },
	// Dark and high contrast reached the tablet's way (media query, theme on Automatic)...
	{ name: 'dark', media: { colorScheme: 'dark' as const }, toggle: 'Automatic' as const },
	{
		name: 'high contrast',
		media: { colorScheme: 'light' as const, contrast: 'more' as const },
		toggle: 'Automatic' as const
	}
];

test.describe('axe on every kiosk screen in every theme', () => {
	test.describe.configure({ timeout: 300_000 });

	for (const theme of THEMES) {
		test(`${theme.name}: no violation on any screen`, async ({ page, baseURL }) => {
			await page.setViewportSize({ width: 1024, height: 768 });
			await page.emulateMedia(theme.media);
			await enrol(page, baseURL);
			await unlock(page, 'admin');
			await chooseTheme(page, theme.toggle);
			const resolved = theme.name === 'high contrast' ? 'contrast' : theme.name;
			await expect(page.locator('html')).toHaveAttribute('data-theme', resolved);
			const found: string[] = [];
			for (const screen of SCREENS) {
				await show(page, screen);
				found.push(...(await violations(page, screen)));
				await leave(page, screen);
			}
			// The customer page follows the tablet's setting too.
			const customer = await page.context().newPage();
			await customer.emulateMedia(theme.media);
			await customer.goto(baseURL + '/request');
			await expect(customer.getByRole('heading', { name: 'Request a kiln firing' })).toBeVisible();
			found.push(...(await violations(customer, '/request')));
			await customer.close();
			expect(found).toEqual([]);
		});
	}

	test('the kiosk toggle overrides the tablet: dark and high contrast chosen on a light tablet, larger text, kept after reload', async ({
		page,
		baseURL
	}) => {
		await page.setViewportSize({ width: 1024, height: 768 });
		await page.emulateMedia({ colorScheme: 'light' });
		await enrol(page, baseURL);
		await unlock(page, 'admin');
		const html = page.locator('html');
		await chooseTheme(page, 'Dark');
		await expect(html).toHaveAttribute('data-theme', 'dark');
		const bg = () =>
			page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
		const darkBg = await bg();
		for (const screen of ['board', 'reservation'] as const) {
			await show(page, screen);
			expect(await violations(page, `${screen} (dark toggle)`)).toEqual([]);
		}
		await chooseTheme(page, 'High contrast');
		await expect(html).toHaveAttribute('data-theme', 'contrast');
		expect(await bg()).not.toBe(darkBg);
		await show(page, 'board');
		expect(await violations(page, 'board (contrast toggle)')).toEqual([]);

		const size = () =>
			page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
		const normal = await size();
		await page.getByRole('button', { name: 'Display' }).click();
		await page.getByRole('button', { name: 'Larger text' }).click();
		await expect(page.getByRole('button', { name: 'Larger text' })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		expect(await size()).toBeGreaterThan(normal * 1.15);
		expect(await violations(page, 'board (larger text)')).toEqual([]);

		// Per kiosk: a reload (which locks) keeps the choice, even on the lock screen.
		await page.reload();
		await expect(page.getByRole('heading', { name: 'Who is using the board?' })).toBeVisible();
		await expect(html).toHaveAttribute('data-theme', 'contrast');
		await expect(html).toHaveAttribute('data-text', 'large');
	});
});
