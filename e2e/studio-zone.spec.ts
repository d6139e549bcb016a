import {
	enrol,
	expect,
	setOffline,
	test,
	unlock,
	waitForServiceWorker,
	ServerProbe
} from './fixtures';
import { TestServer, freePort } from './server';

const ZONE = 'Pacific/Auckland';
const CARD = 'KB-1026';

/** The fields this test reads from the server's copy. */
type Doc = { stageStatus: { at: string }; arrivalToken: string | null };

/** A studio whose server runs with STUDIO_TIME_ZONE set (the env is read at spawn). */
const zoned = test.extend<{ studio: TestServer }>({
	// eslint-disable-next-line no-empty-pattern
	studio: async ({}, use) => {
		const before = process.env.STUDIO_TIME_ZONE;
		process.env.STUDIO_TIME_ZONE = ZONE;
		const server = new TestServer(freePort());
		try {
			await server.start();
		} finally {
			if (before === undefined) delete process.env.STUDIO_TIME_ZONE;
			else process.env.STUDIO_TIME_ZONE = before;
		}
		await use(server);
		await server.dispose();
	}
});

// The tablet's own zone is Los Angeles; the studio's is Auckland (a day ahead most hours).
zoned.use({ timezoneId: 'America/Los_Angeles' });

zoned(
	'the kiosk takes the studio zone from the pull, shows dates in it, and never shows its own arrival-code guess',
	async ({ page, context, studio }) => {
		await enrol(page, studio.url);
		await unlock(page, 'staff');
		await waitForServiceWorker(page);
		await expect(page.getByTestId('sync-status')).toHaveText('synced');

		// The zone arrived with the pull and is in the kiosk's Dexie meta.
		const stored = await page.evaluate(
			() =>
				new Promise<unknown>((resolve, reject) => {
					const open = indexedDB.open('kilnboard');
					open.onerror = () => reject(open.error);
					open.onsuccess = () => {
						const get = open.result.transaction('meta').objectStore('meta').get('timeZone');
						get.onsuccess = () => resolve(get.result?.value);
						get.onerror = () => reject(get.error);
					};
				})
		);
		expect(stored).toBe(ZONE);

		// Dates on the board are the studio's, not the tablet's.
		const probe = await ServerProbe.enrol(studio.url);
		const server = (await probe.reservation(CARD)) as unknown as Doc;
		const inStudio = new Date(server.stageStatus.at).toLocaleString('en-US', {
			month: 'short',
			day: 'numeric',
			hour: 'numeric',
			minute: '2-digit',
			timeZone: ZONE
		});
		await page.getByRole('link', { name: 'Board', exact: true }).click();
		const card = page.locator(`[data-testid="card"][data-id="${CARD}"]`);
		await expect(card.getByTestId('status-updated')).toHaveText(inStudio);

		// Offline confirm: the optimistic card has a code of its own, which is not shown.
		await setOffline(context, true);
		await page.locator(`#title-${CARD}`).click();
		// Offline, the card page's code comes from the worker's cache: wait until it is open.
		await expect(page).toHaveURL(new RegExp(`/r/${CARD}$`));
		await page.getByRole('button', { name: 'Confirm', exact: true }).click();
		await page.locator('#status-notes').fill('Confirmed at the desk');
		await page.getByRole('button', { name: 'Confirm reservation' }).click();
		await expect(page.getByTestId('detail-status')).toHaveText('Confirmed');
		await expect(page.getByTestId('arrival-code')).toContainText('issued on sync');
		await expect(page.getByTestId('arrival-code')).not.toContainText('MF-ARR');

		// Back online: the server's code arrives and is the one shown.
		await setOffline(context, false);
		await expect(page.getByTestId('pending-count')).toHaveText('0');
		const code = ((await probe.reservation(CARD)) as unknown as Doc).arrivalToken;
		expect(code).toMatch(/^MF-ARR-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		await expect(page.getByTestId('arrival-code')).toHaveText(`Arrival code: ${code}`);
	}
);
