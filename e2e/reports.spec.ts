import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, navTo, test, waitForServiceWorker } from './fixtures';

/** The CSV a report's download button saves, read from the download itself. */
async function csvOf(page: Page, testId: string): Promise<string> {
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByTestId(testId).click()
	]);
	return readFile((await download.path())!, 'utf8');
}

test('the reports page draws its charts offline from the kiosk’s own data, each with its text alternative, table and CSV', async ({
	kioskPage: page,
	context
}) => {
	await waitForServiceWorker(page);
	// The kiosk has its data (the board drew its cards), then the network goes.
	await expect(page.getByTestId('card').first()).toBeVisible();
	await context.setOffline(true);
	await navTo(page, 'Reports');
	await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();

	// Every seeded kiln fired in the last 12 weeks (the demo's past weeks).
	const charts = page.locator('figure[data-testid^="chart-"]');
	for (const id of [
		'firings-studio-kiln-a',
		'firings-studio-kiln-b',
		'firings-studio-electric',
		'firings-reduction-raku',
		'turnaround',
		'attendance',
		'overdue',
		'fees-GBP'
	])
		await expect(page.getByTestId(`chart-${id}`)).toBeVisible();

	for (const chart of await charts.all()) {
		const svg = chart.locator('svg[role="img"]');
		// The text alternative: the image is named by its title and its description (with figures).
		const words = async (tag: string) =>
			((await svg.locator(tag).textContent()) ?? '').replace(/\s+/g, ' ').trim();
		const [title, desc] = [await words('title'), await words('desc')];
		expect(title).not.toBe('');
		expect(desc).toMatch(/\d/);
		await expect(svg).toHaveAccessibleName(`${title} ${desc}`);
		// The table view, with at least one row of the chart's figures.
		await chart.getByText('Show as a table').click();
		const table = chart.getByRole('table');
		await expect(table).toBeVisible();
		expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
	}

	// Figures in words, so colour is never the only signal.
	await expect(page.getByTestId('chart-attendance').getByRole('table')).toContainText('%');
	await expect(page.getByTestId('overdue-count')).toContainText('2 reservations');
	await expect(page.getByTestId('overdue-list').locator('tbody tr')).toHaveCount(2);
	await expect(page.getByTestId('chart-fees-GBP').getByRole('table')).toContainText('£');

	const header = async (testId: string) => (await csvOf(page, testId)).split('\n')[0];
	expect(await header('csv-firings')).toBe('"weekStarting","stationId","station","firings"');
	expect(await header('csv-turnaround')).toBe(
		'"firingType","fired","minDays","p25Days","medianDays","p75Days","maxDays"'
	);
	expect(await header('csv-attendance')).toBe('"measure","count","of","percent"');
	expect(await header('csv-overdue')).toBe(
		'"reservationId","customerName","stationId","readyAt","level","billedDays","accruedCost"'
	);
	const fees = (await csvOf(page, 'csv-fees')).trim().split('\n');
	expect(fees[0]).toBe('"month","currency","reservations","total","paid","due"');
	// Six months, one row each, in the studio's currency.
	expect(fees.slice(1)).toHaveLength(6);
	for (const row of fees.slice(1)) expect(row).toMatch(/^"\d{4}-\d{2}","GBP","\d+","\d+\.\d\d"/);

	// Still offline all along: nothing above needed the server.
	expect(await page.evaluate(() => navigator.onLine)).toBe(false);
});
