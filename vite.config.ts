import { fileURLToPath } from 'node:url';
import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const zodLite = fileURLToPath(new URL('./src/lib/sync/zod-lite.ts', import.meta.url));

/**
 * The browser build parses with the same schema modules as the server, built on `zod/mini`
 * (src/lib/sync/zod-lite.ts): classic zod cannot be tree-shaken (≈ 27 KB gzip on the board).
 * Server and tests keep classic zod; zod-lite.test.ts proves both builds parse alike.
 */
function kioskZod(): Plugin {
	return {
		name: 'kilnboard-kiosk-zod',
		apply: 'build',
		enforce: 'pre',
		applyToEnvironment: (env) => env.name === 'client',
		resolveId(id, importer) {
			if (id === 'zod' && importer !== zodLite) return zodLite;
			return null;
		}
	};
}

export default defineConfig({
	plugins: [kioskZod(), sveltekit()],
	server: { fs: { allow: ['service-worker'] } },
	worker: { format: 'es' },
	// `npm run bench:profile` reads function names in CPU profiles: it builds unminified.
	...(process.env.KILNBOARD_NO_MINIFY ? { build: { minify: false } } : {}),
	test: {
		include: ['src/**/*.test.ts', 'service-worker/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		fileParallelism: false,
		globalSetup: ['./vitest.setup-pg.ts']
	}
});
