import type { Page } from '@playwright/test';
import { enrol, expect, sendNow, unlock } from './fixtures';
import { fresh } from './fresh';

const DAY = 24 * 3600 * 1000;

async function openCard(page: Page, name: string) {
	await page.getByRole('link', { name: 'Board', exact: true }).click();
	await page.getByLabel('Search customer, piece code or reference').fill(name);
	await page.getByTestId('card').filter({ hasText: name }).getByRole('link').click();
	await expect(page.getByRole('heading', { name })).toBeVisible();
}

/** Synced; an action that messages the customer is held for its 8 s undo window first. */
async function synced(page: Page) {
	await expect(page.getByTestId('sync-status')).toHaveText('synced', { timeout: 20_000 });
	await expect(page.getByTestId('pending-count')).toHaveText('0');
}

/** The history shows newest first; the first row is the latest transition. */
async function latestHistory(page: Page, text: string | RegExp) {
	await expect(page.getByTestId('history-row').first()).toContainText(text);
}

fresh(
	'playbook QA path: client request → confirm → waitlist → loaded → storage escalation',
	async ({ page, browser, studio }) => {
		fresh.setTimeout(120_000);
		// 1. Intake from the client flow: a customer, no kiosk, no PIN.
		const customer = await browser.newPage();
		await customer.goto(`${studio.url}/request`);
		await customer.getByLabel('Your name').fill('Quinn Avery');
		await customer.getByLabel('Email').fill('quinn@example.com');
		await customer.getByLabel('Size in half-shelves').fill('1');
		await customer.getByLabel('What are you bringing?').fill('four bowls');
		await customer.getByRole('button', { name: 'Send request' }).click();
		const confirmation = customer.getByTestId('request-confirmation');
		await expect(confirmation).toContainText('in the queue');
		await expect(confirmation).toContainText(/TBD|window/i);
		await customer.close();

		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await openCard(page, 'Quinn Avery');
		await expect(page.getByTestId('detail-status')).toHaveText('Requested');
		await latestHistory(page, 'Reservation created');
		await expect(page.getByTestId('customer-message').first()).toContainText('in the queue');

		// 2. Staff confirm, and place the work on a station so it has queue context.
		await page.getByRole('button', { name: 'Confirm', exact: true }).click();
		await page.getByLabel(/^Staff note \(/).fill('Bowls checked, fits raku');
		await page.getByRole('button', { name: 'Confirm reservation' }).click();
		await synced(page);
		await latestHistory(page, 'Requested → Confirmed');
		await page.getByLabel('Station', { exact: true }).selectOption('reduction-raku');
		await page.getByRole('button', { name: 'Assign station' }).click();
		await synced(page);
		await latestHistory(page, 'Station assignment updated');

		// 3. Delay: waitlist with a reason note and a practical expectation.
		await page.getByRole('button', { name: 'Waitlist', exact: true }).click();
		await page.getByLabel('TBD, with a reason').check();
		await page.getByLabel('Why is the date not known?').fill('Raku element being replaced');
		await page.getByLabel(/^Staff note \(/).fill('Element out, waiting on the part');
		await page.getByRole('button', { name: 'Waitlist reservation' }).click();
		await sendNow(page, 'Waitlist:');
		await synced(page);
		await latestHistory(page, 'Confirmed → Waitlisted');
		await expect(page.getByTestId('history-row').first()).toContainText('Element out');
		await expect(page.getByTestId('customer-message').first()).toContainText('waitlist');

		// The card on the board: queue context, status-updated time, note snippet.
		await page.getByRole('link', { name: 'Board', exact: true }).click();
		await page.getByLabel('Search customer, piece code or reference').fill('Quinn Avery');
		const card = page.getByTestId('card').filter({ hasText: 'Quinn Avery' });
		await expect(card.getByTestId('card-status')).toHaveText('Waitlisted');
		await expect(card.getByTestId('queue-context')).toContainText(/Queue #\d+|Waitlisted/);
		await expect(card.getByTestId('status-updated')).not.toHaveText('—');
		await expect(card.getByTestId('note-snippet')).toContainText('Element out');

		// 4. Ready for pickup: back to confirmed, loaded, and the customer update is visible.
		await openCard(page, 'Quinn Avery');
		await page.getByRole('button', { name: 'Confirm', exact: true }).click();
		await page.getByRole('button', { name: 'Confirm reservation' }).click();
		await synced(page);
		await page.getByRole('button', { name: 'Start loading' }).click();
		await synced(page);
		await latestHistory(page, /Loading started|loading/i);
		await page.getByRole('button', { name: 'Mark loaded' }).click();
		await sendNow(page, 'Mark loaded:');
		await synced(page);
		await latestHistory(page, /loaded/i);
		await expect(page.getByTestId('storage-section')).toContainText('Ready since');
		await expect(page.getByTestId('customer-message').first()).toContainText('ready');

		// 5. Storage escalation: the server's clock walks 20 days on; the evaluator runs.
		const faults = await page.request.post(`${studio.url}/api/test/faults`, {
			data: { clockOffsetMs: 20 * DAY }
		});
		expect(faults.ok()).toBe(true);
		const evaluated = await page.request.post(`${studio.url}/api/test/storage-evaluate`);
		expect(evaluated.ok()).toBe(true);
		// No click: the server's live channel tells the kiosk to pull.
		await expect(page.getByTestId('storage-section')).toContainText(/Billable storage|billed/i, {
			timeout: 15_000
		});
		await expect(page.getByTestId('storage-section')).toContainText(/reminder|hold/i);
		await expect(page.getByTestId('customer-message').first()).toContainText(/storage|waiting/i);
		// One stageHistory row per transition: created, confirmed, station, waitlisted, confirmed,
		// loading, loaded (storage notices are their own trail, not stage transitions).
		await expect(page.getByTestId('history-row')).toHaveCount(7);
		await latestHistory(page, /loaded/i);
		await expect(page.getByTestId('detail-status')).toHaveText('Confirmed');
	}
);
