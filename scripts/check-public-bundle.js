// After `npm run build`: the public /request page must not load the kiosk (Dexie, the outbox).
// Follows the static imports of its route nodes in the client manifest and looks for Dexie in
// every chunk; the board (/) must contain it, or the check itself is broken. A route whose page
// options say `csr = false` (read from the built server nodes) ships no script at all. Neither
// route may carry classic zod (the browser build resolves it to sync/zod-lite.ts over zod/mini).
// Prints the gzip -9 size of what each route loads up front and fails when /request is over its
// 35 KB budget (the board's 90 KB is measured against its target by `npm run bench`).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');
const client = join(root, '.svelte-kit/output/client');
const server = join(root, '.svelte-kit/output/server');
const manifest = JSON.parse(readFileSync(join(client, '.vite/manifest.json'), 'utf8'));
const generated = '.svelte-kit/generated/client-optimized';
const { manifest: serverManifest } = await import(
	pathToFileURL(join(server, 'manifest-full.js')).href
);
const routes = serverManifest._.routes;
const REQUEST_BUDGET_KB = 35;

/** A node's universal page options (`+layout.ts` / `+page.ts` exports), from the server build. */
async function universal(node) {
	const mod = await import(pathToFileURL(join(server, 'nodes', `${node}.js`)).href);
	return mod.universal ?? {};
}

/** Client files a route loads up front: the entries, the root layout, its layouts and page. */
async function routeFiles(routeId) {
	const route = routes.find((r) => r.id === routeId)?.page;
	if (!route) throw new Error(`page route ${routeId} not in the server manifest`);
	const layouts = route.layouts.filter((n) => n !== undefined);
	const nodes = [...layouts, route.leaf];
	// Kit merges options root layout → inner layouts → page; the last one set wins.
	let csr = true;
	let ssr = true;
	for (const n of nodes) {
		const u = await universal(n);
		if (u.csr !== undefined) csr = u.csr;
		if (u.ssr !== undefined) ssr = u.ssr;
	}
	if (!csr) {
		if (!ssr) throw new Error(`route ${routeId} has neither csr nor ssr: it renders nothing`);
		return [];
	}
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

const ROUTES = { board: '/(kiosk)', request: '/request' };
const files = {
	board: await routeFiles(ROUTES.board),
	request: await routeFiles(ROUTES.request)
};

const text = (f) => readFileSync(join(client, f), 'utf8');
const withDexie = (list) => list.filter((f) => /\bDexie\b/.test(text(f)));
// Constructor names survive minification: classic zod names its schemas ZodObject, mini ZodMiniObject.
const CLASSIC_ZOD = /[`"']ZodObject[`"']/;
const MINI_ZOD = /[`"']ZodMiniObject[`"']/;
const gzipKb = (files) =>
	files.reduce((n, f) => n + gzipSync(readFileSync(join(client, f)), { level: 9 }).length, 0) /
	1024;

const board = withDexie(files.board);
const request = withDexie(files.request);
if (board.length === 0) {
	console.error('check-public-bundle: found no Dexie in the board either; the check is broken');
	process.exit(1);
}
if (request.length > 0) {
	console.error(`check-public-bundle: /request loads the kiosk: ${request.join(', ')}`);
	process.exit(1);
}
for (const [name, route] of Object.entries(ROUTES)) {
	const classic = files[name].filter((f) => CLASSIC_ZOD.test(text(f)));
	if (classic.length > 0) {
		console.error(`check-public-bundle: ${route} loads classic zod: ${classic.join(', ')}`);
		process.exit(1);
	}
}
if (!files.board.some((f) => MINI_ZOD.test(text(f)))) {
	console.error('check-public-bundle: found no zod/mini in the board; the zod check is broken');
	process.exit(1);
}
const size = (name) => `${files[name].length} files, ${gzipKb(files[name]).toFixed(1)} KB gzip`;
if (gzipKb(files.request) > REQUEST_BUDGET_KB) {
	console.error(
		`check-public-bundle: /request loads ${size('request')}: over ${REQUEST_BUDGET_KB} KB`
	);
	process.exit(1);
}
console.log(
	`check-public-bundle: /request loads ${size('request')}, none with Dexie or classic zod`
);
console.log(`check-public-bundle: the board (/) loads ${size('board')}`);
