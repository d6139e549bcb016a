import type { Route } from '@playwright/test';
import {
	ServerProbe,
	changeStatus,
	expect,
	openCard,
	readQueue,
	rowsWithNote,
	test
} from './fixtures';

const R = 'KB-1010';

test('a tab killed mid-push (after the server committed) leaves a syncing row that a later drain resends once', async ({
	kioskPage: page,
	context,
	baseURL
}) => {
	const probe = await ServerProbe.enrol(baseURL);
	// The first push reaches the server and commits, but its answer never gets back to the tab.
	let first = true;
	let committed!: () => void;
	const reached = new Promise<void>((r) => (committed = r));
	await context.route('**/api/sync/push', async (route: Route) => {
		if (!first) return route.continue();
		first = false;
		await route.fetch();
		committed();
		// never answered: the tab dies waiting
	});

	await openCard(page, R);
	await changeStatus(page, 'Confirm', 'confirm from a dying tab');
	await reached;
	const stuck = (await readQueue(page)).outbox.find((r) => r.reservationId === R);
	expect(stuck?.state).toBe('syncing');
	expect(rowsWithNote(await probe.reservation(R), 'confirm from a dying tab')).toHaveLength(1);
	await page.close();

	// Whoever drains next (the worker's pending sync, or a new tab) resets and resends it.
	const again = await context.newPage();
	await again.goto(baseURL + '/');
	await expect(again.getByRole('heading', { name: 'Who is using the board?' })).toBeVisible();
	await expect(again.getByTestId('sync-status')).toHaveText('synced');
	// The page's status can say synced a moment before the worker's write of the row lands.
	const rowOf = async () => (await readQueue(again)).outbox.find((r) => r.reservationId === R);
	// Known intermittent (session 3): the row can stay 'syncing' for more than 10 s after the
	// status says synced; a later drain resets it. Not yet explained: see the session note.
	await expect.poll(async () => (await rowOf())?.state, { timeout: 30_000 }).toBe('synced');
	const row = await rowOf();
	expect(row?.attempts).toBe(2);
	const server = await probe.reservation(R);
	expect(server.status).toBe('CONFIRMED');
	expect(rowsWithNote(server, 'confirm from a dying tab')).toHaveLength(1);
});
