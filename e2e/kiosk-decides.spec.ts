import type { Page } from '@playwright/test';
import {
	ServerProbe,
	enrol,
	expect,
	gotoSync,
	openCard,
	openKiosk,
	readQueue,
	rowsWithNote,
	sendNow,
	unlock,
	waitForServiceWorker
} from './fixtures';
import { fresh } from './fresh';

// Seeded cards (KB-<1001+i>, story by i mod 8): KB-1009 Requested, no station;
// KB-1003 and KB-1011 Confirmed and queued on a station; KB-1017 Requested.
const REQUESTED = 'KB-1009';
const CONFIRMED = 'KB-1003';
const OTHER = 'KB-1017';
const LOADED = 'KB-1006'; // Confirmed, loaded (pickup window open)

/** Half-shelves free on a station, as the board's capacity bar says. */
async function freeOn(page: Page, stationId: string): Promise<number> {
	await page.getByRole('link', { name: 'Board', exact: true }).click();
	const text = (await page.getByTestId(`capacity-${stationId}`).textContent()) ?? '';
	const [used, cap] = text.match(/\d+/g)!.map(Number);
	return cap - used;
}

/** A walk-in through the real form; returns its reservation id from the card page it opens. */
async function walkIn(page: Page, name: string, half: number, stationId: string | null) {
	await page.getByRole('link', { name: 'Walk-in intake' }).click();
	await page.getByLabel('Customer name').fill(name);
	await page.getByLabel('Estimated half-shelves').fill(String(half));
	if (stationId) await page.getByLabel('Station (optional)').selectOption(stationId);
	await page.getByRole('button', { name: 'Create reservation' }).click();
	await expect(page.getByRole('heading', { name })).toBeVisible();
	return /\/r\/([^/]+)$/.exec(page.url())![1];
}

const boardCard = (page: Page, id: string) => page.locator(`[data-testid="card"][data-id="${id}"]`);

fresh('a real double click on a control queues one action', async ({ page, context, studio }) => {
	await enrol(page, studio.url);
	await unlock(page, 'staff');
	await waitForServiceWorker(page);
	// Offline so the rows stay in the outbox to be counted.
	await context.setOffline(true);
	await openCard(page, CONFIRMED);
	await page.getByRole('button', { name: 'Mark loaded' }).dblclick();
	await expect(page.getByTestId('action-feedback')).toContainText('Mark loaded queued.');
	await expect(page.getByTestId('card-queue-row')).toHaveCount(1);

	await openCard(page, REQUESTED);
	await page.getByRole('button', { name: 'Confirm', exact: true }).click();
	await page.locator('#status-notes').fill('double tapped');
	await page.getByRole('button', { name: 'Confirm reservation' }).dblclick();
	await expect(page.getByTestId('action-feedback')).toContainText('Confirm queued.');

	const { outbox } = await readQueue(page);
	expect(outbox.filter((r) => r.reservationId === CONFIRMED)).toHaveLength(1);
	expect(outbox.filter((r) => r.reservationId === REQUESTED)).toHaveLength(1);
	expect(outbox).toHaveLength(2);
});

fresh(
	'Mark loaded is not offered on a Requested card, and the control says why',
	async ({ page, studio }) => {
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await openCard(page, REQUESTED);
		const loaded = page.getByRole('button', { name: 'Mark loaded' });
		await expect(loaded).toBeDisabled();
		await expect(loaded).toHaveAccessibleDescription(/confirm it first/i);
		await expect(page.getByRole('button', { name: 'Start loading' })).toBeDisabled();
		// Forced clicks on the disabled control queue nothing.
		await loaded.click({ force: true });
		expect((await readQueue(page)).outbox).toHaveLength(0);
		// Confirmed (optimistically) but on no station: still refused, now for the station.
		await page.getByRole('button', { name: 'Confirm', exact: true }).click();
		await page.getByRole('button', { name: 'Confirm reservation' }).click();
		await expect(page.getByTestId('detail-status')).toHaveText('Confirmed');
		await expect(loaded).toBeDisabled();
		await expect(loaded).toHaveAccessibleDescription(/station/i);
		// Placed on a station with room, the same control is offered.
		await page.locator('#station-pick').selectOption('studio-kiln-b');
		await page.getByRole('button', { name: 'Assign station' }).click();
		await expect(loaded).toBeEnabled();
	}
);

fresh(
	'a full station cannot be picked: disabled, with its free room shown',
	async ({ page, studio }) => {
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		const free = await freeOn(page, 'studio-kiln-a');
		expect(free).toBeGreaterThan(0);
		await walkIn(page, 'Filler Work', free, 'studio-kiln-a');
		await expect(page.getByTestId('sync-status')).toHaveText('synced');
		expect(await freeOn(page, 'studio-kiln-a')).toBe(0);

		await openCard(page, REQUESTED);
		const kilnA = page.locator('#station-pick option[value="studio-kiln-a"]');
		await expect(kilnA).toBeDisabled();
		await expect(kilnA).toContainText('0 of 8 half-shelves free');
		await expect(page.getByTestId('station-refusals')).toContainText('Studio Kiln A is full');
		const kilnB = page.locator('#station-pick option[value="studio-kiln-b"]');
		await expect(kilnB).toBeEnabled();
		await expect(kilnB).toContainText(/\d+ of 8 half-shelves free/);

		// The intake form checks the size against the chosen station before queueing too.
		await page.getByRole('link', { name: 'Walk-in intake' }).click();
		await page.getByLabel('Estimated half-shelves').fill('1');
		await expect(page.locator('#station option[value="studio-kiln-a"]')).toBeDisabled();
		await expect(page.locator('#station option[value="studio-kiln-a"]')).toContainText(
			'0 of 8 half-shelves free'
		);
		expect((await readQueue(page)).outbox.filter((r) => r.state !== 'synced')).toHaveLength(0);
	}
);

fresh(
	'a walk-in created offline is on the board at once and stays when its placement fails',
	async ({ page, context, browser, studio }) => {
		await enrol(page, studio.url, 'Kiosk one');
		await unlock(page, 'staff');
		await waitForServiceWorker(page);
		const free = await freeOn(page, 'studio-kiln-a');
		expect(free).toBeGreaterThanOrEqual(2);

		await context.setOffline(true);
		const id = await walkIn(page, 'Offline Walk-in', 2, 'studio-kiln-a');
		await expect(page.getByTestId('action-feedback').first()).toBeVisible();
		await page.getByRole('link', { name: 'Board', exact: true }).click();
		await expect(boardCard(page, id)).toBeVisible();
		const { outbox } = await readQueue(page);
		const mine = outbox.filter((r) => r.reservationId === id);
		// The reservation and its placement are two actions: intake carries no station.
		expect(mine.map((r) => r.type)).toEqual(['reservation.intake', 'reservation.assign_station']);
		expect(mine[0].payload.assignedStationId).toBeNull();

		// Meanwhile another kiosk, online, fills the station.
		const k2 = await openKiosk(browser, studio.url, 'Kiosk two');
		try {
			await walkIn(k2.page, 'Takes The Room', free, 'studio-kiln-a');
			await expect(k2.page.getByTestId('sync-status')).toHaveText('synced');
		} finally {
			await k2.context.close();
		}

		await context.setOffline(false);
		await expect(page.getByTestId('failed-count')).toHaveText('1');
		await expect(boardCard(page, id)).toBeVisible();
		await expect(boardCard(page, id).getByTestId('badge-failed')).toBeVisible();
		const probe = await ServerProbe.enrol(studio.url);
		const server = await probe.reservation(id);
		expect(server.status).toBe('REQUESTED');
		await openCard(page, id);
		const placement = page.getByTestId('card-queue-row').filter({ hasText: 'Assign to station' });
		await expect(placement).toContainText('failed');
		await expect(placement).toContainText('Studio Kiln A is full');
		await expect(page.getByTestId('action-feedback').filter({ hasText: 'failed' })).toContainText(
			'Station assignment failed'
		);
	}
);

fresh(
	'a failure’s held actions show as held and are never re-queued unless staff choose it',
	async ({ page, context, browser, studio }) => {
		await enrol(page, studio.url, 'Kiosk one');
		await unlock(page, 'staff');
		await waitForServiceWorker(page);
		const probe = await ServerProbe.enrol(studio.url);

		await context.setOffline(true);
		await openCard(page, OTHER);
		await page.getByRole('button', { name: 'Confirm', exact: true }).click();
		await page.locator('#status-notes').fill('k1 confirms');
		await page.getByRole('button', { name: 'Confirm reservation' }).click();
		await sendNow(page, 'Confirm:'); // offline: it goes as soon as the kiosk reconnects
		await page.locator('#staff-note').fill('k1 note after confirm');
		await page.getByRole('button', { name: 'Save note' }).click();
		await page.locator('#hold-reason').fill('glaze runs');
		await page.getByRole('button', { name: 'Put on safety hold' }).click();
		await expect(page.getByTestId('card-queue-row')).toHaveCount(3);
		const [confirmRev, noteRev, holdRev] = (await readQueue(page)).outbox
			.map((r) => r.queueRevision)
			.sort((a, b) => a - b);

		const k2 = await openKiosk(browser, studio.url, 'Kiosk two');
		try {
			await openCard(k2.page, OTHER);
			await k2.page.getByRole('button', { name: 'Cancel', exact: true }).click();
			await k2.page.locator('#status-notes').fill('k2 cancels');
			await k2.page.getByRole('button', { name: 'Yes, cancel this reservation' }).click();
			// A cancel messages the customer, so it waits out its undo window unless sent now.
			await sendNow(k2.page, 'Cancel:');
			await expect(k2.page.getByTestId('sync-status')).toHaveText('synced');
		} finally {
			await k2.context.close();
		}

		await context.setOffline(false);
		await expect(page.getByTestId('failed-count')).toHaveText('1');
		await expect(page.getByTestId('held-count')).toHaveText('2');
		// Shown as held, not as applied: the card shows the server's Cancelled, and says why.
		await expect(page.getByTestId('detail-status')).toHaveText('Cancelled');
		await expect(page.getByTestId('waiting-on')).toContainText(`waiting on failed #${confirmRev}`);
		const rows = page.getByTestId('card-queue-row');
		await expect(rows.nth(1)).toContainText(`held #${noteRev}`);
		await expect(rows.nth(1)).toContainText(`waiting on failed #${confirmRev}`);
		await page.getByRole('link', { name: 'Board', exact: true }).click();
		await expect(boardCard(page, OTHER).getByTestId('badge-held')).toContainText(
			`waiting on failed #${confirmRev}`
		);

		// A supervisor resolves it: each held action must be decided before anything moves.
		await page.getByRole('button', { name: 'Lock' }).click();
		await unlock(page, 'supervisor');
		await gotoSync(page);
		const failed = page.locator(`main [data-testid="failed-row"][data-rev="${confirmRev}"]`);
		const held = failed.getByTestId('held-row');
		await expect(held).toHaveCount(2);
		await failed.getByPlaceholder('Why discard? (required)').fill('k2 was right, duplicate work');
		const discard = failed.getByRole('button', { name: 'Discard with note' });
		await expect(discard).toBeDisabled();
		await expect(discard).toHaveAccessibleDescription(/Say what becomes of each/);
		// Retry is not offered: a confirm cannot succeed on the Cancelled server copy.
		await expect(failed.getByRole('button', { name: 'Retry on current state' })).toBeDisabled();
		await held
			.filter({ hasText: `#${noteRev}` })
			.getByLabel('Discard it too, with the same note')
			.check();
		await held
			.filter({ hasText: `#${holdRev}` })
			.getByLabel('Send it after all')
			.check();
		await expect(discard).toBeEnabled();
		await discard.click();
		await expect(failed).toHaveCount(0);

		await expect(page.getByTestId('sync-status')).toHaveText(/synced|failed/);
		const { outbox, archive } = await readQueue(page);
		expect(archive.find((a) => a.queueRevision === noteRev)).toMatchObject({
			resolution: 'discarded',
			resolutionNote: 'k2 was right, duplicate work'
		});
		// The discarded note was never re-queued under any revision.
		expect(
			[...outbox, ...archive].filter(
				(r) => r.payload.staffNotes === 'k1 note after confirm' && r.queueRevision !== noteRev
			)
		).toHaveLength(0);
		const server = await probe.reservation(OTHER);
		expect(server.status).toBe('CANCELLED');
		expect(rowsWithNote(server, 'k1 note after confirm')).toHaveLength(0);
		expect(rowsWithNote(server, 'k1 confirms')).toHaveLength(0);
	}
);

fresh(
	'feedback stays with its card and action, never on another reservation',
	async ({ page, context, studio }) => {
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await waitForServiceWorker(page);
		await context.setOffline(true);
		await openCard(page, REQUESTED);
		await page.getByRole('button', { name: 'Confirm', exact: true }).click();
		await page.getByRole('button', { name: 'Confirm reservation' }).click();
		const here = page.getByTestId('action-feedback');
		await expect(here).toContainText('Confirm queued.');
		await sendNow(page, 'Confirm:');

		await openCard(page, OTHER);
		await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('');
		await expect(page.getByTestId('action-feedback')).toHaveCount(0);
		await expect(page.getByText('queued.')).toHaveCount(0);

		// Back on its own card it still describes that action; it turns to synced once sent.
		await openCard(page, REQUESTED);
		await expect(here).toContainText('Confirm queued.');
		await context.setOffline(false);
		await expect(here).toContainText('Synced');
		await openCard(page, OTHER);
		await expect(page.getByTestId('action-feedback')).toHaveCount(0);
		await openCard(page, REQUESTED);
		await expect(page.getByTestId('action-feedback')).toHaveCount(0);
	}
);

fresh(
	'an action the domain refuses is not queued, and the reason shows at its control (offline)',
	async ({ page, context, studio }) => {
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await waitForServiceWorker(page);
		await context.setOffline(true);
		await openCard(page, LOADED);
		await page.getByLabel('Start', { exact: true }).fill('2030-05-02T10:00');
		await page.getByLabel('End', { exact: true }).fill('2030-05-01T10:00');
		const open = page.getByRole('button', { name: 'Open pickup window' });
		await expect(open).toBeEnabled();
		await open.click();
		await expect(page.getByTestId('control-refusal')).toContainText(
			'The pickup window must end after it starts.'
		);
		await expect(page.getByTestId('action-feedback')).toHaveCount(0);
		expect((await readQueue(page)).outbox).toHaveLength(0);
	}
);
