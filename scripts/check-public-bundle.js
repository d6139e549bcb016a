// After `npm run build`: the public /request page must not load the kiosk (Dexie, the outbox).
// Follows the static imports of its route nodes in the client manifest and looks for Dexie in
// every chunk; the board (/) must contain it, or the check itself is broken. Neither route may
// carry classic zod (the browser build resolves it to sync/zod-lite.ts over zod/mini). Prints
// the gzip -9 size of what each route loads up front (targets: board 90 KB, /request 35 KB;
// reported here, measured against their targets by `npm run bench`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

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

const text = (f) => readFileSync(join(client, f), 'utf8');
const loadsDexie = (routeId) => routeFiles(routeId).filter((f) => /\bDexie\b/.test(text(f)));
// Constructor names survive minification: classic zod names its schemas ZodObject, mini ZodMiniObject.
const CLASSIC_ZOD = /[`"']ZodObject[`"']/;
const MINI_ZOD = /[`"']ZodMiniObject[`"']/;
const gzipKb = (files) =>
	files.reduce((n, f) => n + gzipSync(readFileSync(join(client, f)), { level: 9 }).length, 0) /
	1024;

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
for (const route of ['/(kiosk)', '/request']) {
	const files = routeFiles(route);
	const classic = files.filter((f) => CLASSIC_ZOD.test(text(f)));
	if (classic.length > 0) {
		console.error(`check-public-bundle: ${route} loads classic zod: ${classic.join(', ')}`);
		process.exit(1);
	}
}
if (!routeFiles('/(kiosk)').some((f) => MINI_ZOD.test(text(f)))) {
	console.error('check-public-bundle: found no zod/mini in the board; the zod check is broken');
	process.exit(1);
}
const size = (route) =>
	`${routeFiles(route).length} files, ${gzipKb(routeFiles(route)).toFixed(1)} KB gzip`;
console.log(
	`check-public-bundle: /request loads ${size('/request')}, none with Dexie or classic zod`
);
console.log(`check-public-bundle: the board (/) loads ${size('/(kiosk)')}`);
