import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	server: { fs: { allow: ['service-worker'] } },
	worker: { format: 'es' },
	test: {
		include: ['src/**/*.test.ts', 'service-worker/**/*.test.ts', 'scripts/**/*.test.ts'],
		environment: 'node',
		testTimeout: 30_000,
		hookTimeout: 60_000,
		fileParallelism: false,
		globalSetup: ['./vitest.setup-pg.ts']
	}
});
