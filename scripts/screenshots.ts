// `npm run screenshots`: the README's pictures, taken from the running demo the way a studio
// would first see it: a fresh data folder, the printed enrolment code, the demo PIN 1111.
// Writes docs/screens/{board,reservation}-{landscape,portrait}-{light,dark}.png. Needs a build.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'docs', 'screens');

const SIZES = {
	landscape: { width: 1024, height: 768 },
	portrait: { width: 768, height: 1024 }
} as const;
const THEMES = ['light', 'dark'] as const;

async function freePort(): Promise<number> {
	return new Promise((ok, fail) => {
		const srv = createServer();
		srv.once('error', fail);
		srv.listen(0, '127.0.0.1', () => {
			const addr = srv.address();
			srv.close(() =>
				typeof addr === 'object' && addr ? ok(addr.port) : fail(new Error('no port'))
			);
		});
	});
}

async function main() {
	if (!existsSync(join(root, 'build', 'index.js'))) {
		console.error('No build: run `npm run build` first.');
		process.exit(1);
	}
	const dataDir = mkdtempSync(join(tmpdir(), 'kilnboard-screens-'));
	const port = await freePort();
	const base = `http://127.0.0.1:${port}`;
	let log = '';
	const server = spawn(process.execPath, [join(root, 'build', 'index.js')], {
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	server.stdout.on('data', (d) => (log += d));
	server.stderr.on('data', (d) => (log += d));
	const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
	try {
		const code = await firstCode(base, () => log);
		const context = await browser.newContext({
			serviceWorkers: 'allow',
			viewport: SIZES.landscape
		});
		const page = await context.newPage();
		await page.goto(base + '/');
		await page.getByLabel('Kiosk name').fill('Front desk');
		await page.getByLabel('Enrolment code').fill(code);
		await page.getByRole('button', { name: 'Enrol kiosk' }).click();
		await page.getByRole('radio', { name: /Sam Rivera/ }).click();
		await page.getByLabel('PIN', { exact: true }).fill('1111');
		await page.getByRole('button', { name: 'Unlock' }).click();
		await page.getByTestId('actor').waitFor();
		await page.getByTestId('card').first().waitFor();
		const id = (await page.getByTestId('card').first().getAttribute('data-id'))!;
		mkdirSync(out, { recursive: true });
		for (const theme of THEMES) {
			await page.emulateMedia({ colorScheme: theme });
			await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
			for (const [orientation, size] of Object.entries(SIZES)) {
				await page.setViewportSize(size);
				await page.locator('nav a[href="/"]').click();
				await page.getByTestId('card').first().waitFor();
				await settle(page);
				await shoot(page, `board-${orientation}-${theme}.png`);
				await page.locator(`#title-${id}`).click();
				await page.getByRole('heading', { level: 1 }).waitFor();
				await settle(page);
				await shoot(page, `reservation-${orientation}-${theme}.png`);
			}
		}
		await context.close();
	} finally {
		await browser.close();
		server.kill('SIGKILL');
		rmSync(dataDir, { recursive: true, force: true });
	}
}

/** The code the server prints on a fresh data folder (README "two steps"). */
async function firstCode(base: string, log: () => string): Promise<string> {
	// Seeding the demo on a busy machine can take a while.
	const deadline = Date.now() + 300_000;
	while (Date.now() < deadline) {
		const up = await fetch(`${base}/healthz`)
			.then((r) => r.ok)
			.catch(() => false);
		const m = /First enrolment code: (\S+)/.exec(log());
		if (up && m) return m[1];
		await new Promise((r) => setTimeout(r, 250));
	}
	throw new Error(`the demo printed no enrolment code:\n${log()}`);
}

/** The sync strip leaves "Syncing" and animations end before the picture. */
async function settle(page: Page) {
	await page
		.getByTestId('sync-strip')
		.filter({ hasText: /Live/ })
		.waitFor({ timeout: 15_000 })
		.catch(() => undefined);
	await page.waitForTimeout(300);
}

async function shoot(page: Page, name: string) {
	await page.screenshot({ path: join(out, name) });
	console.log(`wrote docs/screens/${name}`);
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
