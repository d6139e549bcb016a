import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium';
import { enrolCode } from './node-kiosk';

/** The same Chromium and flags as playwright.config.ts. */
export function launch(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		args: CHROMIUM_ARGS
	});
}

// The bench injects its measuring scripts into the kiosk page, which the app's CSP (no inline
// scripts) would refuse; the CSP itself is checked by e2e/security.spec.ts.
export const newContext = (browser: Browser) =>
	browser.newContext({
		serviceWorkers: 'allow',
		viewport: { width: 1280, height: 800 },
		bypassCSP: true
	});

/** A same-origin page that runs no app code (a precached static file), with the lab injected. */
export async function labPage(context: BrowserContext, url: string, lab: string): Promise<Page> {
	const page = await context.newPage();
	await page.goto(`${url}/manifest.webmanifest`);
	await page.addScriptTag({ content: lab });
	return page;
}

/** Stops every service worker of the context, so the next load starts the worker cold. */
export async function stopWorkers(page: Page): Promise<void> {
	const cdp = await page.context().newCDPSession(page);
	await cdp.send('ServiceWorker.enable');
	await cdp.send('ServiceWorker.stopAllWorkers');
	await cdp.detach();
}

export async function enrolAndUnlock(page: Page, url: string): Promise<void> {
	const code = await enrolCode(url);
	await page.goto(`${url}/`);
	await page.getByLabel('Kiosk name').fill('Bench kiosk');
	await page.getByLabel('Enrolment code').fill(code);
	await page.getByRole('button', { name: 'Enrol kiosk' }).click();
	await page.getByRole('heading', { name: 'Who is using the board?' }).waitFor();
	await unlockByUi(page);
}

export async function unlockByUi(page: Page): Promise<void> {
	await page.getByRole('radio', { name: /Sam Rivera/ }).click();
	await page.getByLabel('PIN', { exact: true }).fill('1111');
	await page.getByRole('button', { name: 'Unlock' }).click();
	await page.getByTestId('actor').waitFor();
}

export async function waitForBoard(page: Page, n: number): Promise<void> {
	await page.getByText(`${n} of ${n} shown`).waitFor({ timeout: 300_000, state: 'attached' });
}

export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
	await page.waitForFunction('navigator.serviceWorker.controller !== null');
}
