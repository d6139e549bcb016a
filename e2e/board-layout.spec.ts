import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';

test.describe('the board at tablet sizes', () => {
	test('landscape 1024×768: first card in the top third, one-row nav, slim strip; portrait stacks lanes', async ({
		kioskPage: page
	}) => {
		await page.setViewportSize({ width: 1024, height: 768 });
		await expect(page.getByTestId('card').first()).toBeVisible();
		await expect(page.getByTestId('sync-strip')).toHaveText(/Live|Syncing/);
		const top = (await page.getByTestId('card').first().boundingBox())!.y;
		expect(top).toBeLessThan(768 / 3);
		// Navigation is one row: every link shares the first link's top.
		const tops = await page
			.getByRole('navigation', { name: 'Main' })
			.getByRole('link')
			.evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
		expect(new Set(tops).size).toBe(1);
		// Lock and the person's name are always on screen, never scrolled off the header.
		const lock = (await page.getByRole('button', { name: 'Lock' }).boundingBox())!;
		expect(lock.x + lock.width).toBeLessThanOrEqual(1024);
		// Lanes run side by side in landscape.
		const lanes = page.locator('[data-testid^="station-"]');
		const [a, b] = [await lanes.nth(0).boundingBox(), await lanes.nth(1).boundingBox()];
		expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
		expect(b!.x).toBeGreaterThan(a!.x);
		await page.screenshot({ path: 'docs/screens/board-landscape.png' });

		await page.setViewportSize({ width: 768, height: 1024 });
		const [c, d] = [await lanes.nth(0).boundingBox(), await lanes.nth(1).boundingBox()];
		expect(d!.y).toBeGreaterThan(c!.y + c!.height - 1);
		await page.screenshot({ path: 'docs/screens/board-portrait.png' });
	});

	test('axe finds nothing on the board, and every control on it is at least 44×44', async ({
		kioskPage: page
	}) => {
		await page.setViewportSize({ width: 1024, height: 768 });
		await expect(page.getByTestId('card-step').first()).toBeVisible();
		const violations = (
			await new AxeBuilder({ page })
				.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
				.analyze()
		).violations.map((v) => `${v.id}: ${v.nodes.length} (${v.help})`);
		expect(violations).toEqual([]);
		const small = await page.evaluate(() =>
			[...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
				.filter((e) => (e as HTMLElement).offsetParent !== null)
				.map((e) => ({ e, r: e.getBoundingClientRect() }))
				.filter(({ r }) => r.width < 44 || r.height < 44)
				.map(
					({ e, r }) =>
						`${e.tagName} "${e.textContent?.trim().slice(0, 30)}" ${r.width}×${r.height}`
				)
		);
		expect(small).toEqual([]);
	});
});
