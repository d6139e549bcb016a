import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		files: { serviceWorker: 'service-worker' },
		serviceWorker: { register: false },
		paths: { relative: false },
		version: { pollInterval: 0 }
	}
};

export default config;
