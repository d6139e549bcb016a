import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { TestServer, freePort } from './server';

export const PINS = { staff: '1111', supervisor: '2222', admin: '3333' } as const;
export const NAMES = { staff: 'Sam Rivera', supervisor: 'Jo Park', admin: 'Alex Chen' } as const;

/** Enrols a fresh browser context as a kiosk with the admin PIN. */
export async function enrol(page: Page, baseURL: string, label = 'E2E kiosk'): Promise<void> {
	await page.goto(baseURL + '/');
	await page.getByLabel('Kiosk name').fill(label);
	await page.getByLabel('Administrator PIN').fill(PINS.admin);
	await page.getByRole('button', { name: 'Enrol kiosk' }).click();
	await expect(page.getByRole('heading', { name: 'Who is using the board?' })).toBeVisible();
}

export async function unlock(page: Page, who: keyof typeof PINS = 'staff'): Promise<void> {
	await page.getByRole('radio', { name: new RegExp(NAMES[who]) }).click();
	await page.getByLabel('PIN', { exact: true }).fill(PINS[who]);
	await page.getByRole('button', { name: 'Unlock' }).click();
	await expect(page.getByTestId('actor')).toContainText(NAMES[who]);
}

/** Waits until the service worker controls the page (so reloads work offline). */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

export async function setOffline(context: BrowserContext, offline: boolean): Promise<void> {
	await context.setOffline(offline);
}

type WorkerFixtures = { server: TestServer };
type Fixtures = { baseURL: string; kioskPage: Page };

export const test = base.extend<Fixtures, WorkerFixtures>({
	server: [
		// eslint-disable-next-line no-empty-pattern
		async ({}, use) => {
			const server = new TestServer(freePort());
			await server.start();
			await use(server);
			await server.dispose();
		},
		{ scope: 'worker', timeout: 90_000 }
	],
	baseURL: async ({ server }, use) => {
		await use(server.url);
	},
	/** A page on an enrolled kiosk, unlocked by the staff member (PIN 1111). */
	kioskPage: async ({ page, baseURL }, use) => {
		await enrol(page, baseURL);
		await unlock(page, 'staff');
		await use(page);
	}
});

export { expect };
