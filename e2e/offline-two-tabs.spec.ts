import type { Route } from '@playwright/test';
import {
	ServerProbe,
	changeStatus,
	expect,
	openCard,
	readQueue,
	rowsWithNote,
	saveNote,
	test,
	unlock
} from './fixtures';

const R = 'KB-1041';
const S = 'KB-1042';

test('two tabs press Sync now together, one action queued mid-drain: each applied once, none lost', async ({
	kioskPage: a,
	context,
	baseURL
}) => {
	const probe = await ServerProbe.enrol(baseURL);
	const b = await context.newPage();
	await b.goto(baseURL + '/');
	await unlock(b, 'staff');

	// Pushes first answer 503 with a long Retry-After, so the actions wait for "Sync now".
	// Then the first real push is parked until the test lets it go: a drain in flight.
	let mode: 'refuse' | 'gate' = 'refuse';
	const forwarded: number[][] = [];
	let release!: () => void;
	const gate = new Promise<void>((r) => (release = r));
	let parked!: () => void;
	const inFlight = new Promise<void>((r) => (parked = r));
	await context.route('**/api/sync/push', async (route: Route) => {
		if (mode === 'refuse')
			return route.fulfill({
				status: 503,
				headers: { 'retry-after': '600', 'content-type': 'application/json' },
				body: JSON.stringify({ error: { code: 'unavailable', message: 'test outage' } })
			});
		const body = route.request().postDataJSON() as { actions: { queueRevision: number }[] };
		const revs = body.actions.map((x) => x.queueRevision);
		forwarded.push(revs);
		if (forwarded.length === 1) {
			parked();
			await gate;
		}
		await route.continue();
	});

	await openCard(a, R);
	await changeStatus(a, 'Confirm', 'tab A confirm R');
	await openCard(b, S);
	await changeStatus(b, 'Confirm', 'tab B confirm S');
	await saveNote(a, 'tab A note R');
	// Both tabs see all three (the outbox is shared through IndexedDB).
	for (const p of [a, b]) await expect(p.getByTestId('pending-count')).toHaveText('3');
	await expect(a.getByTestId('connection')).toContainText('Server unreachable');

	mode = 'gate';
	await Promise.all([
		a.getByRole('button', { name: 'Sync now' }).click(),
		b.getByRole('button', { name: 'Sync now' }).click()
	]);
	await inFlight;
	await saveNote(b, 'tab B note S during drain');
	release();

	for (const p of [a, b]) {
		await expect(p.getByTestId('sync-status')).toHaveText('synced');
		await expect(p.getByTestId('pending-count')).toHaveText('0');
	}
	const { outbox } = await readQueue(a);
	const mine = outbox.filter((r) => r.reservationId === R || r.reservationId === S);
	expect(mine.map((r) => r.state)).toEqual(['synced', 'synced', 'synced', 'synced']);
	// Tabs and the service worker share one drain lock: no revision went out twice.
	const sent = forwarded.flat().sort((x, y) => x - y);
	expect(sent).toEqual(mine.map((r) => r.queueRevision).sort((x, y) => x - y));

	const server = await probe.reservations();
	expect(rowsWithNote(server.get(R)!, 'tab A confirm R')).toHaveLength(1);
	expect(rowsWithNote(server.get(R)!, 'tab A note R')).toHaveLength(1);
	expect(rowsWithNote(server.get(S)!, 'tab B confirm S')).toHaveLength(1);
	expect(rowsWithNote(server.get(S)!, 'tab B note S during drain')).toHaveLength(1);
	expect(server.get(R)?.staffNotes.at(-1)?.text).toBe('tab A note R');
	expect(server.get(S)?.staffNotes.at(-1)?.text).toBe('tab B note S during drain');
});
