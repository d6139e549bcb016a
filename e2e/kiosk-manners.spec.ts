import { expect, NAMES, openCard, PINS, test, unlock } from './fixtures';

test('behind the lock nothing can be reached: no actions, no links, Tab stays on the lock screen', async ({
	kioskPage: page
}) => {
	await page.getByRole('button', { name: 'Lock' }).click();
	await expect(page.getByRole('heading', { name: 'Who is using the board?' })).toBeVisible();
	await expect(page.locator('a[href]')).toHaveCount(0);
	for (const name of ['Sync now', 'Sync details', 'Clear failed', 'Display', 'Lock'])
		await expect(page.getByRole('button', { name })).toHaveCount(0);
	// Walk the whole tab order: every stop is a control of the lock screen itself.
	const stops: string[] = [];
	for (let i = 0; i < 25; i++) {
		await page.keyboard.press('Tab');
		stops.push(
			await page.evaluate(() => {
				const el = document.activeElement;
				if (!el || el === document.body) return 'body';
				return el.closest('main.lock') ? 'lock' : `outside: ${el.outerHTML.slice(0, 80)}`;
			})
		);
	}
	expect(stops.filter((s) => s.startsWith('outside'))).toEqual([]);
	expect(stops).toContain('lock');
});

test('PIN lockout is per person and counts down; someone else can still unlock', async ({
	kioskPage: page
}) => {
	await page.getByRole('button', { name: 'Lock' }).click();
	await page.getByRole('radio', { name: new RegExp(NAMES.staff) }).click();
	for (let i = 0; i < 5; i++) {
		await page.getByLabel('PIN', { exact: true }).fill('9999');
		await page.getByRole('button', { name: 'Unlock' }).click();
		if (i < 4) await expect(page.getByRole('alert')).toHaveText('That PIN is not right.');
	}
	const lockout = page.getByTestId('pin-lockout');
	await expect(lockout).toContainText(`Too many wrong PINs for ${NAMES.staff}`);
	const seconds = async () => Number(/in (\d+) s/.exec((await lockout.textContent()) ?? '')?.[1]);
	const first = await seconds();
	expect(first).toBeGreaterThan(25);
	expect(first).toBeLessThanOrEqual(30);
	await expect.poll(seconds, { timeout: 5000 }).toBeLessThan(first);
	// The right PIN is refused for this person while the countdown runs.
	await page.getByLabel('PIN', { exact: true }).fill(PINS.staff);
	await expect(page.getByRole('button', { name: 'Unlock' })).toBeDisabled();
	// Another person is not affected.
	await page.getByRole('radio', { name: new RegExp(NAMES.supervisor) }).click();
	await expect(lockout).toHaveCount(0);
	await page.getByLabel('PIN', { exact: true }).fill(PINS.supervisor);
	await page.getByRole('button', { name: 'Unlock' }).click();
	await expect(page.getByTestId('actor')).toContainText(NAMES.supervisor);
	// Back on the lock screen, Sam's countdown is still shown when Sam is chosen.
	await page.getByRole('button', { name: 'Lock' }).click();
	await page.getByRole('radio', { name: new RegExp(NAMES.staff) }).click();
	await expect(lockout).toBeVisible();
});

test('the idle warning counts down; a draft is kept for the same person and dropped for the next', async ({
	kioskPage: page
}) => {
	// A controllable clock: the kiosk's two-minute idle lock without waiting two minutes.
	await page.clock.install();
	await page.reload();
	await unlock(page, 'staff');
	const id = (await page.getByTestId('card').first().getAttribute('data-id'))!;
	await openCard(page, id);
	const note = 'Glaze pooled on the base, check before loading';
	await page.locator('#staff-note').fill(note);

	await page.clock.fastForward(106_000);
	const countdown = page.getByTestId('idle-countdown');
	await expect(page.getByTestId('idle-warning')).toContainText('Locking in');
	const left = async () => Number(/(\d+)/.exec((await countdown.textContent()) ?? '')?.[1]);
	const before = await left();
	expect(before).toBeGreaterThan(0);
	expect(before).toBeLessThanOrEqual(15);
	await page.clock.fastForward(5_000);
	await expect.poll(left).toBeLessThanOrEqual(before - 4);
	await page.clock.fastForward(15_000);
	await expect(page.getByRole('heading', { name: 'Who is using the board?' })).toBeVisible();
	await expect(page.getByTestId('draft-notice')).toContainText(
		`${NAMES.staff}’s unsaved form is kept for ${NAMES.staff} only`
	);

	// Same person: back on the same card with the text still there.
	await unlock(page, 'staff');
	await expect(page).toHaveURL(new RegExp(`/r/${id}$`));
	await expect(page.locator('#staff-note')).toHaveValue(note);

	// Another person: lands on the board, and the draft is gone for good.
	await page.getByRole('button', { name: 'Lock' }).click();
	await expect(page.getByTestId('draft-notice')).toBeVisible();
	await unlock(page, 'supervisor');
	await expect(page).toHaveURL(/\/$/);
	await openCard(page, id);
	await expect(page.locator('#staff-note')).toHaveValue('');
	await page.getByRole('button', { name: 'Lock' }).click();
	await expect(page.getByTestId('draft-notice')).toHaveCount(0);
	// Sam again after Jo: a new session, so the board, and no old text anywhere.
	await unlock(page, 'staff');
	await expect(page).toHaveURL(/\/$/);
	await openCard(page, id);
	await expect(page.locator('#staff-note')).toHaveValue('');
});
