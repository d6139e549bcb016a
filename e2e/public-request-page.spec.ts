import { expect, test } from './fixtures';

// The customer page is public: it must not load the kiosk (Dexie, outbox, sync) at all.
test('the /request page opens no kiosk database and loads no kiosk code', async ({ page }) => {
	const scripts: string[] = [];
	page.on('response', async (res) => {
		if (res.request().resourceType() === 'script') scripts.push(await res.text());
	});
	await page.goto('/request');
	await expect(page.getByRole('heading', { name: 'Request a kiln firing' })).toBeVisible();
	await page.waitForLoadState('networkidle');
	const databases = await page.evaluate(async () =>
		(await indexedDB.databases()).map((d) => d.name)
	);
	expect(databases).toEqual([]);
	// Server-rendered with no client code at all (0 KB of JavaScript, issue 10's ≤ 35 KB).
	expect(scripts).toEqual([]);

	// The control: the board does load Dexie and opens the kiosk database.
	await page.goto('/');
	await expect
		.poll(async () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)))
		.toContain('kilnboard');
	expect(scripts.some((s) => /\bDexie\b/.test(s))).toBe(true);
});

// The form posts to a SvelteKit form action: it works with scripts off, a refusal names the
// fields and keeps what was typed, and a cross-site form post is refused (CSRF stays on).
test('the request form works without JavaScript and refuses cross-site posts', async ({
	browser,
	ownServer
}) => {
	const customer = await browser.newContext({ javaScriptEnabled: false });
	const page = await customer.newPage();
	await page.goto(ownServer.url + '/request');
	await page.getByLabel('Your name').fill('Noor Haddad');
	await page.getByLabel('Email').fill('noor.e2e@example.com');
	await page.getByLabel('Size in half-shelves').fill('');
	await page.getByLabel('What are you bringing?').fill('a platter');
	await page.getByLabel('Anything we should know?').fill('fragile <b>rim</b>');
	await page.getByRole('button', { name: 'Send request' }).click();
	const refusal = page.getByTestId('request-error');
	await expect(refusal).toContainText('Please check the highlighted fields.');
	await expect(refusal).toContainText('Size in half-shelves:');
	await expect(page.getByLabel('Your name')).toHaveValue('Noor Haddad');
	await expect(page.getByLabel('Anything we should know?')).toHaveValue('fragile <b>rim</b>');

	await page.getByLabel('Size in half-shelves').fill('2');
	await page.getByLabel('Rush, please').check();
	await page.getByRole('button', { name: 'Send request' }).click();
	const done = page.getByTestId('request-confirmation');
	await expect(done.getByTestId('confirm-reference')).toHaveText(/^KB-[0-9A-Z]{6}$/);
	await expect(done.getByTestId('confirm-status-link')).toHaveAttribute(
		'href',
		/^\/status\/[A-Za-z0-9_-]{43}$/
	);
	// The request reached the server once, with the fields as typed.
	const id = (await done.getAttribute('data-reservation')) ?? '';
	await page.goto(
		ownServer.url + (await done.getByTestId('confirm-status-link').getAttribute('href'))
	);
	await expect(page.getByText('Booked size: 2 half-shelves.')).toBeVisible();
	expect(id).toMatch(/^rsv_/);
	await customer.close();

	// A form post from another site's page: SvelteKit's origin check answers 403 before the action.
	const forged = await fetch(ownServer.url + '/request', {
		method: 'POST',
		headers: {
			origin: 'https://evil.example',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: 'customerName=Forged&email=forged%40example.com&firingType=bisque&halfShelves=1'
	});
	expect(forged.status).toBe(403);
});
