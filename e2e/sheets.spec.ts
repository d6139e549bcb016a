import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, waitForServiceWorker } from './fixtures';

/*
 * Pieces, tags, the day sheet and the charts (issue 11 items 4, 5, 8, 9), in Chromium.
 * Seed facts used: KB-1005 (Aiko Tanaka) is loading on Studio Kiln A with a Planter (14 cm,
 * cone 6) and two Teapots (codes KB-KB1005-01/-02); KB-1006 (Nora Lindqvist) is loaded, so ready for pickup.
 */

async function axe(page: Page): Promise<string[]> {
	return (
		await new AxeBuilder({ page })
			.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
			.analyze()
	).violations.map((v) => `${v.id}: ${v.nodes.length} (${v.help})`);
}

/** Visible controls smaller than 44×44 CSS px. */
async function smallTargets(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		[...document.querySelectorAll('a[href], button, input, select, textarea, summary')]
			.filter((e) => (e as HTMLElement).offsetParent !== null)
			.map((e) => ({ e, r: e.getBoundingClientRect() }))
			.filter(({ r }) => r.width < 44 || r.height < 44)
			.map(
				({ e, r }) => `${e.tagName} "${e.textContent?.trim().slice(0, 30)}" ${r.width}×${r.height}`
			)
	);
}

test('a typed piece code opens its card, which lists every piece; its tags carry one QR per piece', async ({
	kioskPage: page
}) => {
	const search = page.getByLabel('Search customer, piece code or reference');
	await expect(page.getByTestId('card').first()).toBeVisible();
	await search.fill('kb-kb1005-01');
	await search.press('Enter');
	await expect(page).toHaveURL(/\/r\/KB-1005$/);

	const pieces = page.getByTestId('pieces');
	await expect(pieces.getByRole('heading')).toContainText('3 items (2 kinds)');
	const rows = pieces.getByTestId('piece-row');
	await expect(rows).toHaveCount(2);
	await expect(rows.nth(0)).toContainText('Planter');
	await expect(rows.nth(0)).toContainText('KB-KB1005-01');
	await expect(rows.nth(0)).toContainText('14 cm · cone 6');
	await expect(rows.nth(1)).toContainText('not recorded');
	await expect(rows.nth(1)).toContainText('Teapot');
	await expect(rows.nth(1).locator('td').nth(1)).toHaveText('2');
	// Pieces go in the kiln when it is marked loaded; loading leaves them awaiting placement.
	await expect(rows.nth(1)).toContainText('awaiting placement');
	await expect(rows.nth(1)).toContainText('No photo');
	await expect(pieces).toContainText('half-shelf');
	expect(await axe(page)).toEqual([]);

	await pieces.getByRole('link', { name: 'Print piece tags' }).click();
	await expect(page).toHaveURL(/\/r\/KB-1005\/tags$/);
	const tags = page.getByTestId('piece-tag');
	await expect(tags).toHaveCount(2);
	for (const [i, code] of ['KB-KB1005-01', 'KB-KB1005-02'].entries()) {
		const qr = tags.nth(i).getByRole('img', { name: `QR code of piece code ${code}` });
		await expect(qr).toHaveCount(1);
		await expect(qr).toHaveAttribute('data-qr-text', code);
		// A real symbol: a square of dark modules, not an empty box.
		const d = (await qr.locator('path').getAttribute('d')) ?? '';
		expect(d.match(/M/g)?.length ?? 0).toBeGreaterThan(100);
	}
	await expect(tags.nth(0)).toContainText('14 cm · cone 6');
	await expect(tags.nth(1)).toContainText('Teapot × 2');
	await expect(tags.nth(1)).toContainText('Aiko Tanaka · KB-1005');
	await expect(tags.nth(1)).toContainText('Studio Kiln A');
	expect(await axe(page)).toEqual([]);
	expect(await smallTargets(page)).toEqual([]);

	// Printed: the chrome and the buttons go, the tags stay.
	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('button', { name: 'Print tags' })).toBeHidden();
	await expect(page.getByTestId('actor')).toBeHidden();
	await expect(tags).toHaveCount(2);
	await expect(tags.first()).toBeVisible();
});

test('the day sheet renders offline from the kiosk’s copy, and prints', async ({
	kioskPage: page,
	context
}) => {
	await expect(page.getByTestId('card').first()).toBeVisible();
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await expect(page.getByTestId('connection')).toContainText('Offline');
	await page.getByRole('link', { name: 'Day sheet' }).click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText('Day sheet');

	const kilnA = page.getByTestId('sheet-station').filter({ hasText: 'Studio Kiln A' });
	const load = kilnA.getByTestId('sheet-load').filter({ hasText: 'KB-1005' });
	await expect(load).toContainText('Aiko Tanaka');
	await expect(load).toContainText('Planter (14 cm · cone 6); Teapot ×2');
	await expect(load).toContainText('KB-KB1005-01 KB-KB1005-02');
	await expect(load).toContainText('half-shel');
	await expect(load).toContainText('loading now');
	// Loaded work is collected, not loaded again.
	const pickup = page.getByTestId('sheet-pickup').filter({ hasText: 'KB-1006' });
	await expect(pickup).toContainText('Nora Lindqvist');
	await expect(page.getByTestId('sheet-load').filter({ hasText: 'KB-1006' })).toHaveCount(0);
	await expect(page.getByTestId('sheet-station')).toHaveCount(4);
	expect(await axe(page)).toEqual([]);
	expect(await smallTargets(page)).toEqual([]);

	await page.emulateMedia({ media: 'print' });
	await expect(page.getByRole('button', { name: 'Print the day sheet' })).toBeHidden();
	await expect(page.getByRole('link', { name: 'Board', exact: true })).toBeHidden();
	await expect(load).toBeVisible();
	await expect(pickup).toBeVisible();
	const pdf = await page.pdf({ format: 'A4' });
	expect(pdf.byteLength).toBeGreaterThan(1000);
});

test('the charts draw SVG with a text alternative, offline', async ({
	kioskPage: page,
	context
}) => {
	await expect(page.getByTestId('card').first()).toBeVisible();
	await waitForServiceWorker(page);
	await context.setOffline(true);
	await expect(page.getByTestId('connection')).toContainText('Offline');
	await page.getByRole('link', { name: 'Day sheet' }).click();
	await page.getByRole('link', { name: 'Charts' }).click();
	await expect(page.getByRole('heading', { name: 'Charts', level: 1 })).toBeVisible();

	const kilnA = page.getByRole('img', {
		name: /^Studio Kiln A: half-shelves booked per day for the next 14 days/
	});
	await expect(kilnA).toHaveCount(1);
	await expect(kilnA.locator('desc')).toContainText('Capacity is 8 half-shelves');
	// Fourteen days of bars, each with its value written on it.
	await expect(kilnA.locator('rect.bar')).toHaveCount(14);
	await expect(kilnA.locator('text.value')).toHaveCount(14);
	await expect(kilnA.locator('text.limit-text')).toHaveText('Capacity 8');
	// Kiln A has work loading now: today's bar is not empty.
	expect(Number(await kilnA.locator('text.value').first().textContent())).toBeGreaterThan(0);

	const queue = page.getByRole('img', { name: /^Work waiting/ });
	await expect(queue.locator('circle')).toHaveCount(30);
	await expect(queue.locator('desc')).toContainText(/\d+ reservations are waiting now/);

	// The same numbers as a table.
	const chart = page.getByTestId('chart-bookings-studio-kiln-a');
	await chart.getByText('Show as a table').click();
	await expect(chart.locator('tbody tr')).toHaveCount(14);
	expect(await axe(page)).toEqual([]);
	expect(await smallTargets(page)).toEqual([]);
});
