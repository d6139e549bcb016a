import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import {
	ServerProbe,
	enrol,
	expect,
	openCard,
	openKiosk,
	readQueue,
	sendNow,
	unlock,
	waitForServiceWorker
} from './fixtures';
import { fresh } from './fresh';

const KILN = 'studio-kiln-a';

async function axe(page: Page) {
	const violations = (
		await new AxeBuilder({ page })
			.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
			.analyze()
	).violations.map((v) => `${v.id}: ${v.nodes.length} (${v.help})`);
	expect(violations).toEqual([]);
}

/** Plans a firing of the first three confirmed cards waiting on the kiln; returns their ids. */
async function planFiring(page: Page): Promise<string[]> {
	await page.getByRole('link', { name: 'Firings' }).click();
	await expect(page.getByRole('heading', { name: 'Firings', exact: true })).toBeVisible();
	await page.getByLabel('Kiln', { exact: true }).selectOption(KILN);
	await page.getByLabel('Target cone').fill('04');
	const picks = page.locator('label.pick');
	await expect(picks.nth(2)).toBeVisible();
	const ids: string[] = [];
	for (let i = 0; i < 3; i++) {
		const text = (await picks.nth(i).textContent()) ?? '';
		ids.push(/\(([^()]+)\)\s*$/.exec(text.trim())![1]);
		await picks.nth(i).locator('input').check();
	}
	await axe(page);
	await page.getByRole('button', { name: 'Plan firing' }).click();
	await expect(page.getByTestId('firing-state')).toHaveText('Planned');
	return ids;
}

fresh(
	'staff plan a firing from three confirmed reservations on one kiln; the firings pages pass axe',
	async ({ page, studio }) => {
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		const ids = await planFiring(page);
		expect(new Set(ids).size).toBe(3);
		await expect(page.getByTestId('member')).toHaveCount(3);
		await axe(page);
		await page.getByRole('link', { name: /^Kiln log for/ }).click();
		await expect(page.getByRole('heading', { name: /Kiln log/ })).toBeVisible();
		await axe(page);
	}
);

/** One tap on the firing's next step; the kiosk shows the state it moves to at once. */
async function tapStep(page: Page, step: string, state: string) {
	await page.getByRole('button', { name: new RegExp(`^${step} \\(3 reservations\\)`) }).click();
	await expect(page.getByTestId('step-message')).toHaveText(`${step}: queued.`);
	await expect(page.getByTestId('firing-state')).toHaveText(state);
}

/** History rows per card, read on each card's page (client-side navigation keeps the session). */
async function historyCounts(page: Page, ids: string[]): Promise<number[]> {
	const counts: number[] = [];
	for (const id of ids) {
		await openCard(page, id);
		await expect(page.getByTestId('history-row').first()).toBeVisible();
		counts.push(await page.getByTestId('history-row').count());
	}
	return counts;
}

async function openFiring(page: Page, firingId: string) {
	await page.getByRole('link', { name: 'Firings' }).click();
	await page.getByRole('link', { name: firingId, exact: true }).click();
	await expect(page.getByTestId('firing-state')).toBeVisible();
}

fresh(
	'online: start loading, start firing and unload move the firing and every card, one tap each',
	async ({ page, studio }) => {
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		const probe = await ServerProbe.enrol(studio.url);
		const ids = await planFiring(page);
		const firingId = /\/firings\/([^/]+)$/.exec(page.url())![1];
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		const before = await historyCounts(page, ids);
		await openFiring(page, firingId);
		await tapStep(page, 'Start loading', 'Loading');
		await expect(page.getByTestId('member-load')).toHaveText(['Loading', 'Loading', 'Loading']);
		await tapStep(page, 'Start firing', 'Firing');
		await tapStep(page, 'Unload', 'Unloaded');
		await expect(page.getByTestId('member-load')).toHaveText(['Loaded', 'Loaded', 'Loaded']);
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		// After the server's answer and pull the firing still reads as the taps left it.
		await expect(page.getByTestId('firing-state')).toHaveText('Unloaded');
		for (const id of ids) expect((await probe.reservation(id)).loadStatus).toBe('loaded');
		const after = await historyCounts(page, ids);
		// Each card has its own rows: one per step (loading, the firing, loaded).
		for (const [i, n] of after.entries()) expect(n).toBeGreaterThanOrEqual(before[i] + 3);
	}
);

fresh(
	'offline: the three taps queue, sync when back online; a card cancelled on another kiosk is flagged, the firing kept',
	async ({ page, context, browser, studio }) => {
		await enrol(page, studio.url, 'Kiosk one');
		await unlock(page, 'staff');
		await waitForServiceWorker(page);
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		const probe = await ServerProbe.enrol(studio.url);
		const ids = await planFiring(page);
		await expect(page.getByTestId('sync-status')).toHaveText('synced');

		const versions = async () => {
			const all = await probe.reservations();
			return ids.map((id) => all.get(id)!.version);
		};
		const planned = await versions();
		const cancelledLoad = (await probe.reservation(ids[2])).loadStatus;
		await context.setOffline(true);
		await tapStep(page, 'Start loading', 'Loading');
		await tapStep(page, 'Start firing', 'Firing');
		await tapStep(page, 'Unload', 'Unloaded');
		await expect(page.getByText('Not yet synced')).toBeVisible();

		// Nothing reached the server while offline.
		expect(await versions()).toEqual(planned);
		// Meanwhile another kiosk cancels the third card.
		const k2 = await openKiosk(browser, studio.url, 'Kiosk two');
		try {
			await openCard(k2.page, ids[2]);
			await k2.page.getByRole('button', { name: 'Cancel', exact: true }).click();
			await k2.page.locator('#status-notes').fill('customer withdrew');
			await k2.page.getByRole('button', { name: 'Yes, cancel this reservation' }).click();
			// A cancel messages the customer, so it waits out its undo window unless sent now.
			await sendNow(k2.page, 'Cancel:');
			await expect(k2.page.getByTestId('sync-status')).toHaveText('synced');
		} finally {
			await k2.context.close();
		}

		await context.setOffline(false);
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		await expect(page.getByText('Not yet synced')).toHaveCount(0);
		// The firing is kept and unloaded; the cancelled card is flagged for review, not a failure.
		await expect(page.getByTestId('firing-state')).toHaveText('Unloaded');
		await expect(page.getByTestId('flagged')).toHaveCount(1);
		await expect(page.getByTestId('flagged')).toContainText('Cancelled work');
		expect((await readQueue(page)).outbox.filter((r) => r.state === 'failed')).toEqual([]);
		const server = await probe.reservations();
		expect(server.get(ids[0])!.loadStatus).toBe('loaded');
		expect(server.get(ids[1])!.loadStatus).toBe('loaded');
		expect(server.get(ids[2])!.status).toBe('CANCELLED');
		// The cancelled card kept its state (it was never loaded or unloaded by the firing).
		expect(server.get(ids[2])!.loadStatus).toBe(cancelledLoad);
	}
);
