import { expect, test } from './fixtures';

test('search folds accents and case, hides lanes without a hit, and says what matched', async ({
	kioskPage: page
}) => {
	await expect(page.getByTestId('card').first()).toBeVisible();
	const lanesBefore = await page.locator('[data-testid^="station-"]').count();
	// "/" focuses the search box from anywhere on the board.
	await page.locator('body').click({ position: { x: 5, y: 300 } });
	await page.keyboard.press('/');
	await expect(page.getByLabel('Search customer, piece code or reference')).toBeFocused();
	await page.keyboard.type('ines');
	const cards = page.getByTestId('card');
	await expect(cards.first()).toContainText('Inés');
	for (const name of await cards.locator('.title').allTextContents()) expect(name).toMatch(/Inés/);
	await expect(cards.first().getByTestId('search-hits')).toContainText('customer “Inés');
	const lanes = page.locator('[data-testid^="station-"]');
	expect(await lanes.count()).toBeLessThan(lanesBefore);
	for (const lane of await lanes.all())
		await expect(lane.getByTestId('card').first()).toBeVisible();

	// A piece label, accent and case aside.
	await page.getByLabel('Search customer, piece code or reference').fill('MUG');
	await expect(cards.first().getByTestId('search-hits')).toContainText('piece label');
});

test('a typed piece code opens its card', async ({ kioskPage: page }) => {
	await expect(page.getByTestId('card').first()).toBeVisible();
	const search = page.getByLabel('Search customer, piece code or reference');
	await search.fill('kb-kb1005-02');
	await expect(page.getByTestId('card')).toHaveCount(1);
	await expect(page.getByTestId('card').getByTestId('search-hits')).toContainText(
		'piece code “KB-KB1005-02”'
	);
	await search.press('Enter');
	await expect(page).toHaveURL(/\/r\/KB-1005$/);
});
