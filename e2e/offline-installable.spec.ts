import type { CDPSession } from '@playwright/test';
import { KioskProfile, enrol, expect, test, waitForServiceWorker } from './fixtures';

const errorIds = async (cdp: CDPSession) =>
	(await cdp.send('Page.getInstallabilityErrors')).installabilityErrors.map((e) => e.errorId);

test('installable PWA: no installability errors in a persistent profile; storage persisted at enrolment', async ({
	page,
	server
}) => {
	// Control: the same probe in a throwaway context does report an error, so it can fail.
	await page.goto(server.url + '/');
	const incognito = await page.context().newCDPSession(page);
	await expect.poll(() => errorIds(incognito)).toContain('in-incognito');

	const profile = new KioskProfile();
	const context = await profile.launch();
	try {
		const kiosk = context.pages()[0] ?? (await context.newPage());
		const cdp = await context.newCDPSession(kiosk);
		// Headless Chromium never grants persistence by itself; a kiosk's browser would.
		await cdp.send('Browser.grantPermissions', {
			origin: server.url,
			permissions: ['durableStorage']
		});
		await enrol(kiosk, server.url, 'Installed kiosk');
		await waitForServiceWorker(kiosk);
		await expect.poll(() => errorIds(cdp)).toEqual([]);

		const { url, errors } = await cdp.send('Page.getAppManifest');
		expect(url).toBe(server.url + '/manifest.webmanifest');
		expect(errors).toEqual([]);

		// Granted means persisted() is true with or without a request; the recorded answer
		// shows enrolment asked (the diagnostics view reads it).
		expect(await kiosk.evaluate(() => navigator.storage.persisted())).toBe(true);
		const recorded = await kiosk.evaluate(
			() =>
				new Promise((resolve, reject) => {
					const open = indexedDB.open('kilnboard');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const get = open.result.transaction('meta').objectStore('meta').get('persisted');
						get.onsuccess = () => resolve(get.result?.value);
						get.onerror = () => reject(get.error);
					};
				})
		);
		expect(recorded).toBe(true);
	} finally {
		await context.close();
		await profile.dispose();
	}
});
