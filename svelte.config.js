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
		version: { pollInterval: 0 },
		// Scripts only from this origin plus kit's own inline bootstrap by hash (no 'unsafe-inline'
		// scripts). Svelte sets style attributes, so inline styles stay allowed.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
