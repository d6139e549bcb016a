import { expect, navTo, test } from './fixtures';
import { demoProofKey } from '../src/lib/server/seed';
import { signSession } from '../src/lib/sync/pin';

/** Reads the kiosk's device token from its IndexedDB meta table. */
async function deviceToken(page: import('@playwright/test').Page): Promise<string> {
	return page.evaluate(
		() =>
			new Promise<string>((resolve, reject) => {
				const open = indexedDB.open('kilnboard');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const get = open.result.transaction('meta').objectStore('meta').get('token');
					get.onsuccess = () => resolve(get.result.value as string);
					get.onerror = () => reject(get.error);
				};
			})
	);
}

test('Export continuity bundle works offline and matches the server’s signature', async ({
	kioskPage: page,
	context,
	baseURL
}) => {
	await navTo(page, 'Export');
	const owner = page.getByTestId('export-owner');
	await expect(owner.locator('option').nth(1)).toBeAttached();
	const ownerUid = await owner.locator('option').nth(1).getAttribute('value');
	expect(ownerUid).toBeTruthy();

	await context.setOffline(true);
	await expect(page.getByTestId('connection')).toContainText('Offline');
	await owner.selectOption(ownerUid!);
	await page.getByRole('button', { name: 'Export continuity bundle' }).click();
	await expect(page.getByTestId('export-result')).toBeVisible();
	const artifactId = (await page.getByTestId('artifact-id').textContent())?.trim() ?? '';
	const kioskSignature = (await page.getByTestId('export-signature').textContent())?.trim() ?? '';
	expect(artifactId).toMatch(new RegExp(`^mf-continuity-${ownerUid}-\\d{14}$`));
	expect(kioskSignature).toMatch(/^mfexp_[0-9a-f]{16,}$/);
	await expect(page.getByTestId('export-download')).toHaveAttribute(
		'download',
		`${artifactId}.zip`
	);

	await context.setOffline(false);
	const token = await deviceToken(page);
	// The server export needs the unlocked person's PIN-derived session proof, not a bare uid.
	const deviceId = token.slice(0, token.indexOf('.'));
	const session = signSession((await demoProofKey('staff-sam'))!, {
		purpose: 'export',
		deviceId,
		actorUid: 'staff-sam',
		subject: ownerUid ?? '',
		at: new Date().toISOString()
	});
	const bare = await page.request.get(`${baseURL}/api/export?owner=${ownerUid}`, {
		headers: { authorization: `Device ${token}`, 'x-kilnboard-actor': 'staff-sam' }
	});
	expect(bare.status()).toBe(403);
	const res = await page.request.get(`${baseURL}/api/export?owner=${ownerUid}`, {
		headers: {
			authorization: `Device ${token}`,
			'x-kilnboard-actor': 'staff-sam',
			'x-kilnboard-session': session
		}
	});
	expect(res.status()).toBe(200);
	expect(res.headers()['x-export-signature']).toBe(kioskSignature);

	const anonymous = await page.request.get(`${baseURL}/api/export?owner=${ownerUid}`);
	expect(anonymous.status()).toBe(403);
});
