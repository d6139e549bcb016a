import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Overridable so parallel builds (benchmarks, a second checkout) don't overwrite each other.
		adapter: adapter({ out: process.env.KILNBOARD_BUILD_DIR ?? 'build' }),
		outDir: process.env.KILNBOARD_KIT_DIR ?? '.svelte-kit',
		files: { serviceWorker: 'service-worker' },
		serviceWorker: { register: false },
		paths: { relative: false },
		version: { pollInterval: 0 }
	}
};

export default config;
