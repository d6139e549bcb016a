import { expect, openCard, setOffline, test, unlock } from './fixtures';

test('shared kiosk: the lock screen offers no actions, names unsent work, and the next person starts on the board', async ({
	kioskPage: page,
	context
}) => {
	const step = page.getByTestId('card-step').first();
	await expect(step).toBeVisible();
	await setOffline(context, true);
	await step.click();
	await expect(page.getByTestId('undo-entry')).toBeVisible();
	const id = (await page.getByTestId('card').first().getAttribute('data-id'))!;
	await openCard(page, id);
	await page.getByRole('button', { name: 'Lock' }).click();
	await expect(page.getByRole('heading', { name: 'Who is using the board?' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Sync now' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Sync details' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Clear failed' })).toHaveCount(0);
	await expect(page.getByTestId('unsent-notice')).toContainText(
		'Sam Rivera has 1 action not yet sent'
	);
	// The strip still tells the state (offline after its grace period).
	await expect(page.getByTestId('sync-strip')).toContainText('Offline');
	await unlock(page, 'supervisor');
	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByTestId('card').first()).toBeVisible();
});
