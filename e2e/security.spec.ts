import type { Page } from '@playwright/test';
import { enrolCode, expect, test, unlock, waitForServiceWorker } from './fixtures';

/** The kiosk's device credential from IndexedDB (what a thief with the tablet could read). */
const deviceToken = (page: Page) =>
	page.evaluate(
		() =>
			new Promise<string>((resolve, reject) => {
				const open = indexedDB.open('kilnboard');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const get = open.result.transaction('meta').objectStore('meta').get('token');
					get.onsuccess = () => resolve(get.result.value as string);
					get.onerror = () => reject(get.error);
				};
			})
	);

const PAGES = ['/', '/sync', '/request', '/diagnostics', '/admin/devices'];

test('every page and answer carries the security headers; the CSP allows no inline scripts', async ({
	request,
	baseURL
}) => {
	for (const path of [...PAGES, '/api/sync/pull', '/healthz']) {
		const res = await request.get(baseURL + path);
		const h = res.headers();
		expect(h['x-content-type-options'], path).toBe('nosniff');
		// The request form's page: its form post must carry a real Origin (the CSRF check).
		expect(h['referrer-policy'], path).toBe(path === '/request' ? 'same-origin' : 'no-referrer');
		const csp = h['content-security-policy'] ?? '';
		expect(csp, path).toContain("frame-ancestors 'none'");
		const script = /script-src ([^;]*)/.exec(csp)?.[1] ?? /default-src ([^;]*)/.exec(csp)?.[1];
		expect(script, path).toBeTruthy();
		expect(script, path).not.toContain('unsafe-inline');
	}
});

test('the app and its service worker run under the CSP with no violation', async ({
	page,
	baseURL
}) => {
	const violations: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
	});
	const code = await enrolCode(baseURL);
	await page.goto(baseURL + '/');
	await page.getByLabel('Kiosk name').fill('CSP kiosk');
	await page.getByLabel('Enrolment code').fill(code);
	await page.getByRole('button', { name: 'Enrol kiosk' }).click();
	await expect(page.getByRole('heading', { name: 'Who is using the board?' })).toBeVisible();
	await waitForServiceWorker(page);
	await page.goto(baseURL + '/request');
	await expect(page.locator('h1').first()).toBeVisible();
	expect(violations).toEqual([]);
	// A code works once: a second enrolment with it is refused.
	const again = await page.request.post(baseURL + '/api/devices/enrol', {
		data: { label: 'Again', code }
	});
	expect(again.status()).toBe(403);
});

test('body limits are the app’s own, in its error shape', async ({ kioskPage: page, baseURL }) => {
	const token = await deviceToken(page);
	for (const size of [700_000, 2_000_000]) {
		const res = await page.request.post(baseURL + '/api/sync/push', {
			headers: { authorization: `Device ${token}`, 'content-type': 'application/json' },
			data: JSON.stringify({ deviceId: 'dev_x', actions: [], pad: 'x'.repeat(size) })
		});
		const expected = size > 1_000_000 ? 413 : 400;
		expect(res.status(), String(size)).toBe(expected);
		const body = await res.json();
		expect(typeof body.error.code).toBe('string');
		expect(typeof body.error.message).toBe('string');
	}
});

test('admin screen: fresh PIN check, devices listed with last seen, a new code enrols, revoke', async ({
	kioskPage: page,
	baseURL,
	browser
}) => {
	await page.goto(baseURL + '/admin/devices');
	// Loading a page locks the kiosk; unlocking is not the admin check (that is asked next).
	await unlock(page, 'staff');
	await page.getByLabel('Administrator PIN').fill('000000');
	await page.getByRole('button', { name: 'Check PIN' }).click();
	await expect(page.getByRole('alert')).toContainText('admin');
	await page.getByLabel('Administrator PIN').fill('333333');
	await page.getByRole('button', { name: 'Check PIN' }).click();
	await expect(page.getByRole('cell', { name: /E2E kiosk \(this kiosk\)/ })).toBeVisible();
	await page.getByRole('button', { name: 'New enrolment code' }).click();
	const code = (await page.getByTestId('enrol-code').textContent())?.trim() ?? '';
	expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{2}$/);

	const other = await browser.newContext({ serviceWorkers: 'block' });
	try {
		const res = await other.request.post(baseURL + '/api/devices/enrol', {
			data: { label: 'Second tablet', code }
		});
		expect(res.status()).toBe(201);
	} finally {
		await other.close();
	}
	await page.reload();
	// A reload forgets the admin session: the PIN is asked again.
	await unlock(page, 'staff');
	await page.getByLabel('Administrator PIN').fill('333333');
	await page.getByRole('button', { name: 'Check PIN' }).click();
	// Other tests on this worker's server enrolled kiosks too: work in this tablet's row.
	const row = page.getByRole('row', { name: /Second tablet/ });
	await row.getByLabel('Reason').fill('Left at the fair');
	await page.getByRole('button', { name: 'Revoke Second tablet' }).click();
	await expect(page.getByRole('alert')).toContainText('revoked');
	await expect(row).toContainText('revoked');
});
