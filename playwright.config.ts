import { defineConfig } from '@playwright/test';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium';

export default defineConfig({
	testDir: 'e2e',
	outputDir: process.env.PLAYWRIGHT_OUTPUT_DIR ?? 'test-results',
	fullyParallel: false,
	workers: 1,
	// Playwright's own default: one retry on CI, where a flaky pass is still reported as flaky.
	retries: process.env.CI ? 1 : 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list']] : [['list']],
	use: {
		browserName: 'chromium',
		serviceWorkers: 'allow',
		viewport: { width: 1280, height: 800 },
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: CHROMIUM_PATH,
			args: CHROMIUM_ARGS
		}
	}
});
