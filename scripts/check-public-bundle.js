// After `npm run build`: the public /request page must not load the kiosk (Dexie, the outbox).
// Follows the static imports of its route nodes in the client manifest and looks for Dexie in
// every chunk; the board (/) must contain it, or the check itself is broken.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const client = join(root, '.svelte-kit/output/client');
const manifest = JSON.parse(readFileSync(join(client, '.vite/manifest.json'), 'utf8'));
const generated = '.svelte-kit/generated/client-optimized';
const app = readFileSync(join(root, generated, 'app.js'), 'utf8');

/** Client files a route loads up front: the entries, the root layout, its layouts and page. */
function routeFiles(routeId) {
	const m = app.match(
		new RegExp(`"${routeId.replace(/[()[\]]/g, '\\$&')}": \\[(\\d+),\\[([\\d,]*)\\]`)
	);
	if (!m) throw new Error(`route ${routeId} not in ${generated}/app.js`);
	const nodes = [0, Number(m[1]), ...m[2].split(',').filter(Boolean).map(Number)];
	const keys = [
		`${generated}/app.js`,
		'node_modules/@sveltejs/kit/src/runtime/client/entry.js',
		...nodes.map((n) => `${generated}/nodes/${n}.js`)
	];
	const files = new Set();
	const visit = (key) => {
		const chunk = manifest[key];
		if (!chunk) throw new Error(`${key} missing from the client manifest`);
		if (files.has(chunk.file)) return;
		files.add(chunk.file);
		for (const i of chunk.imports ?? []) visit(i);
	};
	keys.forEach(visit);
	return [...files];
}

const loadsDexie = (routeId) =>
	routeFiles(routeId).filter((f) => /\bDexie\b/.test(readFileSync(join(client, f), 'utf8')));

const board = loadsDexie('/(kiosk)');
const request = loadsDexie('/request');
if (board.length === 0) {
	console.error('check-public-bundle: found no Dexie in the board either; the check is broken');
	process.exit(1);
}
if (request.length > 0) {
	console.error(`check-public-bundle: /request loads the kiosk: ${request.join(', ')}`);
	process.exit(1);
}
console.log(
	`check-public-bundle: /request loads ${routeFiles('/request').length} files, none with Dexie`
);
