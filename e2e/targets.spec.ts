import type { Page } from '@playwright/test';
import { enrol, expect, test, unlock } from './fixtures';
import { leave, SCREENS, show } from './kiosk-screens';

/**
 * Every visible interactive element measures at least 44 × 44 CSS px (WCAG 2.5.8 asks 24; the
 * kiosk is used standing, with clay on the hands). The only exemption is a link inside a
 * sentence (WCAG's inline exception): one whose parent has text of its own around it. A
 * checkbox or radio inside its <label> is measured as that label, because the whole label is
 * what a finger taps (it toggles the box).
 */
async function smallTargets(page: Page, where: string): Promise<string[]> {
	const handles = await page.$$('a,button,input,select,textarea,[role=button],[tabindex]');
	const small: string[] = [];
	for (const h of handles) {
		const info = await h.evaluate((el) => {
			const style = getComputedStyle(el);
			const hidden =
				style.visibility === 'hidden' ||
				style.display === 'none' ||
				(el as HTMLElement).offsetParent === null ||
				el.closest('[hidden], .visually-hidden') !== null ||
				el.getAttribute('tabindex') === '-1';
			const parent = el.parentElement;
			const inline =
				el.tagName === 'A' &&
				parent !== null &&
				[...parent.childNodes].some(
					(n) =>
						n !== el && n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim().length > 1
				);
			const wrap =
				el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio')
					? el.closest('label')
					: null;
			const r = (wrap ?? el).getBoundingClientRect();
			return {
				hidden,
				inline,
				box: { width: r.width, height: r.height },
				label: `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || el.id || '').trim().slice(0, 30)}"`
			};
		});
		if (info.hidden || info.inline) continue;
		const box = info.box;
		if (box.width < 44 || box.height < 44)
			small.push(`${where}: ${info.label} ${Math.round(box.width)}×${Math.round(box.height)}`);
	}
	return small;
}

for (const viewport of [
	{ width: 1024, height: 768 },
	{ width: 768, height: 1024 }
]) {
	test(`every control on every screen is at least 44×44 at ${viewport.width}×${viewport.height}`, async ({
		page,
		baseURL
	}) => {
		test.setTimeout(240_000);
		await page.setViewportSize(viewport);
		await enrol(page, baseURL);
		await unlock(page, 'admin');
		const small: string[] = [];
		await page.getByRole('button', { name: 'Display' }).click();
		small.push(...(await smallTargets(page, 'display settings')));
		await page.getByRole('button', { name: 'Close', exact: true }).click();
		for (const screen of SCREENS) {
			await show(page, screen);
			small.push(...(await smallTargets(page, screen)));
			await leave(page, screen);
		}
		const customer = await page.context().newPage();
		await customer.setViewportSize(viewport);
		await customer.goto(baseURL + '/request');
		await expect(customer.getByRole('heading', { name: 'Request a kiln firing' })).toBeVisible();
		small.push(...(await smallTargets(customer, '/request')));
		await customer.close();
		expect(small).toEqual([]);
	});
}
