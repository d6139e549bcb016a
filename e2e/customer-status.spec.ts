import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { changeStatus, expect, openCard, test } from './fixtures';

const scan = async (page: Page) =>
	(
		await new AxeBuilder({ page })
			.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
			.analyze()
	).violations.map((v) => `${v.id}: ${v.nodes.length} (${v.help})`);

test('a customer request confirms with studio, reference, queue context and a status link that follows staff', async ({
	browser,
	baseURL,
	kioskPage
}) => {
	const customer = await browser.newContext();
	const page = await customer.newPage();
	await page.goto(`${baseURL}/request`);
	await expect(page.getByText(/A half-shelf is half of one shelf/)).toBeVisible();
	await page.getByLabel('Your name').fill('Inés Alvarez');
	await page.getByLabel('Email').fill('ines.e2e@example.com');
	await page.getByLabel('Size in half-shelves').fill('2');
	await page.getByLabel('What are you bringing?').fill('Two bowls');
	await page.getByRole('button', { name: 'Send request' }).click();

	const done = page.getByTestId('request-confirmation');
	const reservationId = (await done.getAttribute('data-reservation')) ?? '';
	expect(reservationId).toMatch(/^rsv_/);
	await expect(done.getByTestId('confirm-studio')).toHaveText('Kilnboard Studio');
	const reference = (await done.getByTestId('confirm-reference').textContent()) ?? '';
	expect(reference).toMatch(/^KB-[0-9A-Z]{6}$/);
	await expect(done.getByTestId('confirm-queue')).toHaveText(
		/^(Yours is next in line|About \d+ firings? ahead of yours): usually fired (within|in) [\d–]+ days|^Your place in line: to be confirmed — /
	);
	await expect(done).toContainText('What happens next');
	// No UUID reaches the person reading the page.
	expect(await page.locator('main').innerText()).not.toMatch(/rsv_|[0-9a-f]{8}-[0-9a-f]{4}-/);
	expect(await scan(page), 'request confirmation').toEqual([]);

	const link = done.getByTestId('confirm-status-link');
	const href = (await link.getAttribute('href')) ?? '';
	expect(href).toMatch(/^\/status\/[A-Za-z0-9_-]{43}$/);
	const scripts: string[] = [];
	page.on('request', (r) => {
		if (r.resourceType() === 'script') scripts.push(r.url());
	});
	await link.click();
	await expect(page.getByTestId('status-page')).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Your firing ${reference}`);
	await expect(page.getByTestId('status-title')).toHaveText('Your firing request is in the queue');
	await expect(page.getByText('Booked size: 2 half-shelves.')).toBeVisible();
	expect(scripts, 'the status page ships no JavaScript').toEqual([]);
	expect(await page.locator('main').innerText()).not.toMatch(/rsv_|[0-9a-f]{8}-[0-9a-f]{4}-/);
	expect(await scan(page), 'status page').toEqual([]);

	// Staff confirm it on the kiosk; once synced, the status page says confirmed.
	await expect(kioskPage.locator(`#title-${reservationId}`)).toBeVisible({ timeout: 20_000 });
	await openCard(kioskPage, reservationId);
	await changeStatus(kioskPage, 'Confirm', 'Checked by phone');
	await expect
		.poll(
			async () => {
				await page.reload();
				return page.getByTestId('status-title').textContent();
			},
			{ timeout: 30_000 }
		)
		.toBe('Your firing is confirmed');
	await customer.close();
});

test('the status page works with JavaScript off; an unknown link is a plain 404', async ({
	browser,
	baseURL
}) => {
	const made = await fetch(`${baseURL}/api/public/requests`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({
			customerName: 'No Script',
			email: 'noscript@example.com',
			firingType: 'bisque',
			estimatedHalfShelves: 1
		})
	});
	expect(made.status).toBe(201);
	const { statusPath } = (await made.json()) as { statusPath: string };
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	await page.goto(`${baseURL}${statusPath}`);
	await expect(page.getByTestId('status-title')).toHaveText('Your firing request is in the queue');
	await expect(page.getByText('Booked size: 1 half-shelf.')).toBeVisible();

	const missing = await page.goto(`${baseURL}/status/${'A'.repeat(43)}`);
	expect(missing?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Status link not found' })).toBeVisible();
	await expect(page.getByText('This status link is not known.')).toBeVisible();
	// axe needs scripts: the same page checked in a normal browser context.
	const jsContext = await browser.newContext();
	const withJs = await jsContext.newPage();
	await withJs.goto(`${baseURL}/status/${'A'.repeat(43)}`);
	await expect(withJs.getByRole('heading', { name: 'Status link not found' })).toBeVisible();
	expect(await scan(withJs), 'unknown link page').toEqual([]);
	await jsContext.close();
	const api = await fetch(`${baseURL}/api/public/status/${'A'.repeat(43)}`);
	expect(api.status).toBe(404);
	expect(await api.json()).toEqual({
		error: {
			code: 'not_found',
			message: 'This status link is not known. Check the link in your message, or ask the studio.'
		}
	});
	await context.close();
});
