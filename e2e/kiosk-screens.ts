import { expect, type Page } from '@playwright/test';
import { navTo, openCard, unlock } from './fixtures';

/** Every kiosk screen, reached the way staff reach it (client-side: a full load locks the kiosk). */
export const SCREENS = [
	'board',
	'reservation',
	'intake',
	'sync',
	'export',
	'diagnostics',
	'reports',
	'admin devices',
	'lock screen'
] as const;
export type Screen = (typeof SCREENS)[number];

const NAV: Partial<Record<Screen, [string, string]>> = {
	intake: ['Walk-in intake', 'Walk-in drop-off'],
	sync: ['Sync & failures', 'Sync and failed actions'],
	export: ['Export', 'Export for an incident'],
	diagnostics: ['Diagnostics', 'Diagnostics'],
	reports: ['Reports', 'Reports'],
	'admin devices': ['Kiosks', 'Kiosks']
};

/** Opens one screen on an unlocked admin kiosk; the lock screen locks it (unlock again after). */
export async function show(page: Page, screen: Screen): Promise<void> {
	if (screen === 'board') {
		await page.getByRole('link', { name: 'Board', exact: true }).click();
		await expect(page.getByTestId('card').first()).toBeVisible();
	} else if (screen === 'reservation') {
		await page.getByRole('link', { name: 'Board', exact: true }).click();
		const id = (await page.getByTestId('card').first().getAttribute('data-id'))!;
		await openCard(page, id);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	} else if (screen === 'lock screen') {
		await page.getByRole('button', { name: 'Lock' }).click();
		await expect(page.getByRole('heading', { name: 'Who is using the board?' })).toBeVisible();
		// With a person chosen, so the PIN pad is part of what is checked.
		await page.getByRole('radio').first().click();
		await expect(page.getByRole('button', { name: 'Unlock' })).toBeVisible();
	} else {
		const [link, heading] = NAV[screen]!;
		await navTo(page, link);
		await expect(page.getByRole('heading', { name: heading, level: 1 })).toBeVisible();
	}
}

export async function leave(page: Page, screen: Screen): Promise<void> {
	if (screen === 'lock screen') await unlock(page, 'admin');
}

/** The kiosk's own theme control (persisted per kiosk). */
export async function chooseTheme(
	page: Page,
	label: 'Automatic' | 'Light' | 'Dark' | 'High contrast'
): Promise<void> {
	await page.getByRole('button', { name: 'Display' }).click();
	await page.getByRole('button', { name: label, exact: true }).click();
	await page.getByRole('button', { name: 'Close', exact: true }).click();
}
