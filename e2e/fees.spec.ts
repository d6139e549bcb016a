import { ServerProbe, expect, navTo, openCard, test, waitForServiceWorker } from './fixtures';

// KB-1003: seeded Confirmed and queued on a station (story i mod 8 = 2), not yet loaded.
const R = 'KB-1003';

type WithFee = {
	fee: { firingMinor: number; computedAt: string; paidMinor: number | null } | null;
};

test('the fee appears once work is loaded, on the card and the monthly statement; mark paid offline then syncs', async ({
	kioskPage: page,
	context,
	baseURL
}) => {
	const probe = await ServerProbe.enrol(baseURL);
	await waitForServiceWorker(page);

	await openCard(page, R);
	await expect(page.getByTestId('fee-none')).toBeVisible();
	await page.getByRole('button', { name: 'Mark loaded' }).click();
	// Mark loaded tells the customer, so it waits out its undo window before it is sent: wait
	// for the server, not for the card's badge (which may still say "synced" from before).
	await expect
		.poll(async () => ((await probe.reservation(R)) as unknown as WithFee).fee?.firingMinor ?? 0, {
			timeout: 30_000
		})
		.toBeGreaterThan(0);
	await expect(page.getByTestId('sync-status')).toHaveText('synced');

	// The server priced it from its table; the kiosk shows the server's amount.
	const server = (await probe.reservation(R)) as unknown as WithFee;
	const amount = `£${(server.fee!.firingMinor / 100).toFixed(2)}`;
	await expect(page.getByTestId('fee-total')).toHaveText(amount);
	await expect(page.getByTestId('fee-due')).toHaveText(amount);

	await page.getByRole('link', { name: 'Board', exact: true }).click();
	await expect(
		page.locator(`[data-testid="card"][data-id="${R}"] [data-testid="card-fee"]`)
	).toHaveText(`Fee ${amount} · ${amount} due`);

	// Mark paid with the network gone: queued in the outbox, shown at once.
	await context.setOffline(true);
	await openCard(page, R);
	await page.getByTestId('mark-paid').click();
	await expect(page.getByTestId('fee-due')).toHaveText('£0.00');
	await expect(page.getByTestId('card-queue-row').filter({ hasText: 'Mark paid' })).toContainText(
		'pending'
	);

	// The statement is built from the kiosk's own cards, offline too.
	await navTo(page, 'Statements');
	await page.getByTestId('statement-month').fill(server.fee!.computedAt.slice(0, 7));
	const customer = page.getByTestId('statement-customer');
	const ownerOption = await customer
		.locator('option')
		.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
	expect(ownerOption.length).toBeGreaterThan(0);
	const statement = page.getByTestId('statement');
	await expect(statement).toBeVisible();
	await expect(statement.getByTestId('statement-line')).toContainText([amount]);
	await expect(statement.getByTestId('statement-paid')).toHaveText(amount);
	await expect(statement.getByTestId('statement-due')).toHaveText('£0.00');
	const download = page.waitForEvent('download');
	await page.getByTestId('statement-csv').click();
	const csv = await (await download).createReadStream();
	let text = '';
	for await (const chunk of csv) text += chunk.toString();
	expect(text.split('\n')[0]).toBe(
		'"reservationId","firedAt","firingType","halfShelves","charge","amount","currency","final"'
	);
	expect(text).toContain(`"${R}"`);
	expect(text).toContain(`"Paid","${(server.fee!.firingMinor / 100).toFixed(2)}"`);

	await context.setOffline(false);
	await expect(page.getByTestId('sync-status')).toHaveText('synced', { timeout: 30_000 });
	await expect
		.poll(async () => ((await probe.reservation(R)) as unknown as WithFee).fee?.paidMinor)
		.toBe(server.fee!.firingMinor);
});
