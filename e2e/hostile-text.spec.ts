import { expect, test } from './fixtures';

const NASTY = `<img src=x onerror="window.__pwned='img'"><script>window.__pwned='script'</script> '; DROP TABLE reservations; --`;

test('notes with script tags or onerror images render as text and never execute', async ({
	kioskPage: page
}) => {
	const card = page.getByTestId('card').first();
	const id = await card.getAttribute('data-id');
	await card.getByRole('link').click();
	await page.locator('#staff-note').fill(NASTY);
	await page.getByRole('button', { name: 'Save note' }).click();
	await expect(page.getByTestId('sync-status')).toHaveText('synced');

	await expect(page.getByTestId('history-row').first()).toContainText('<script>');
	await expect(page.getByTestId('history-row').first()).toContainText('onerror=');
	await page.getByRole('link', { name: 'Board', exact: true }).click();
	await expect(
		page.locator(`[data-testid="card"][data-id="${id}"]`).getByTestId('note-snippet')
	).toContainText('<img');
	await page.reload();
	expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBe(
		undefined
	);
	expect(await page.locator('main img[src="x"]').count()).toBe(0);
	expect(await page.locator('main script').count()).toBe(0);
});
