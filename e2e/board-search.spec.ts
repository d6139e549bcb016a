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

test('a phone or email given on the request form finds the card on the kiosk, never on the status page', async ({
	browser,
	baseURL,
	kioskPage: page
}) => {
	// The run's shared server: its public form allows 5 requests per address per 10 minutes, and
	// the whole e2e run makes 4 (customer-status 2, qa-path 1, this one).
	const base = baseURL!;
	await expect(page.getByTestId('card').first()).toBeVisible();
	const customer = await browser.newContext();
	const form = await customer.newPage();
	await form.goto(`${base}/request`);
	await form.getByLabel('Your name').fill('Rosa Quintero');
	await form.getByLabel('Email').fill('Rosa.Q@Example.test');
	await form.getByLabel('Phone (optional').fill('+44 (0)20 7946 0555');
	await form.getByLabel('Size in half-shelves').fill('1');
	await form.getByRole('button', { name: 'Send request' }).click();
	// The form posts to the page itself (it works without JavaScript); its answer carries the link.
	const statusPath = (await form.getByTestId('confirm-status-link').getAttribute('href')) ?? '';
	expect(statusPath).toMatch(/^\/status\//);

	const search = page.getByLabel('Search customer, piece code or reference');
	const cards = page.getByTestId('card');
	// Typed nationally, stored with the country code and a bracketed trunk zero.
	await search.fill('020 7946-0555');
	await expect(cards).toHaveCount(1);
	await expect(cards.first()).toContainText('Rosa Quintero');
	await expect(cards.first().getByTestId('search-hits')).toContainText(
		'phone “+44 (0)20 7946 0555”'
	);
	await search.fill('ROSA.Q@');
	await expect(cards).toHaveCount(1);
	await expect(cards.first().getByTestId('search-hits')).toContainText(
		'email “rosa.q@example.test”'
	);
	// Digits that are nobody's number find nothing.
	await search.fill('7946 0999');
	await expect(cards).toHaveCount(0);

	// The reservation page shows the contact as text.
	await search.fill('ROSA.Q@');
	await cards.first().locator('a.title').click();
	await expect(page.getByTestId('contact')).toHaveText(
		/Email: rosa\.q@example\.test\s*Phone: \+44 \(0\)20 7946 0555/
	);

	// The customer's own status page carries no contact data.
	await form.goto(`${base}${statusPath}`);
	await expect(form.getByTestId('status-title')).toBeVisible();
	const text = await form.locator('body').innerText();
	expect(text).not.toContain('7946');
	expect(text.toLowerCase()).not.toContain('rosa.q@');
	await customer.close();
});
