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
	expect(scripts.length).toBeGreaterThan(0);
	expect(scripts.filter((s) => /\bDexie\b/.test(s))).toEqual([]);

	// The control: the board does load Dexie and opens the kiosk database.
	await page.goto('/');
	await expect
		.poll(async () => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name)))
		.toContain('kilnboard');
	expect(scripts.some((s) => /\bDexie\b/.test(s))).toBe(true);
});
