import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { enrol, expect, openCard, test, unlock, waitForServiceWorker } from './fixtures';
import { TestServer, freePort } from './server';

/**
 * A studio upgrades its server while a kiosk is in use: the kiosk finds the new service worker,
 * says "New version available", and applies it only at a safe moment — not while staff are
 * typing a note — then runs the new version.
 */
test('a new version waits for a safe moment, then applies', async ({ browser }) => {
	test.setTimeout(180_000);
	const base = process.env.KILNBOARD_BUILD_DIR ?? 'build';
	// The "new release": the same build with a changed service worker. The precompressed copies
	// are removed, or the server would keep serving the old bytes from them.
	// Inside the checkout (an ignored folder), so the copy's server still finds node_modules.
	mkdirSync('test-results', { recursive: true });
	const next = mkdtempSync(join('test-results', 'sw-next-'));
	cpSync(base, next, { recursive: true });
	const sw = join(next, 'client', 'service-worker.js');
	writeFileSync(sw, `${readFileSync(sw, 'utf8')}\n// release 2 (sw-update.spec)\n`);
	rmSync(`${sw}.br`, { force: true });
	rmSync(`${sw}.gz`, { force: true });

	const port = freePort();
	const v1 = new TestServer(port, { buildDir: base });
	await v1.start();
	const context = await browser.newContext({ serviceWorkers: 'allow' });
	let v2: TestServer | null = null;
	try {
		const page = await context.newPage();
		await enrol(page, v1.url);
		await unlock(page);
		await waitForServiceWorker(page);
		await expect(page.getByTestId('update-prompt')).toHaveCount(0);

		// The upgrade: the same studio (data folder) on the new build, same address.
		await v1.stop();
		v2 = new TestServer(port, { dataDir: v1.dataDir, buildDir: next });
		await v2.start();

		// Staff are typing a note on a card when the kiosk checks for an update.
		const id = (await page.getByTestId('card').first().getAttribute('data-id'))!;
		await openCard(page, id);
		const note = page.getByLabel('Staff note to add');
		await note.fill('Glaze drips on the foot — check before loading');
		await page.evaluate(() => {
			(window as unknown as { beforeUpdate: boolean }).beforeUpdate = true;
		});
		await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
		const prompt = page.getByTestId('update-prompt');
		await expect(prompt).toContainText('New version available', { timeout: 30_000 });

		await prompt.getByRole('button', { name: 'Update now' }).click();
		await expect(page.getByTestId('update-waiting-for')).toBeVisible();
		// Not applied while the note is unsaved: same page, same text.
		await page.waitForTimeout(2_000);
		expect(
			await page.evaluate(() => (window as unknown as { beforeUpdate?: boolean }).beforeUpdate)
		).toBe(true);
		await expect(note).toHaveValue('Glaze drips on the foot — check before loading');

		// The note is dropped (the form is clean again): now it is safe, and the update applies.
		await note.fill('');
		await page.waitForFunction(
			() => (window as unknown as { beforeUpdate?: boolean }).beforeUpdate === undefined,
			undefined,
			{ timeout: 30_000 }
		);
		await expect(page.getByTestId('update-prompt')).toHaveCount(0);
		const script = await page.evaluate(async () => {
			const reg = await navigator.serviceWorker.getRegistration();
			const url = reg?.active?.scriptURL;
			return url ? await (await fetch(url, { cache: 'no-store' })).text() : '';
		});
		expect(script).toContain('release 2 (sw-update.spec)');
		const waiting = await page.evaluate(
			async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null
		);
		expect(waiting).toBeNull();
	} finally {
		await context.close();
		await (v2 ?? v1).stop();
		await v1.dispose();
		rmSync(next, { recursive: true, force: true });
	}
});
