// `npm start`: build when the sources are newer than the build, then serve it (adapter-node).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
const entry = join(root, 'build', 'index.js');
const INPUTS = [
	'src',
	'service-worker',
	'static',
	'svelte.config.js',
	'vite.config.ts',
	'package.json'
];

function newest(path) {
	if (!existsSync(path)) return 0;
	const st = statSync(path);
	if (!st.isDirectory()) return st.mtimeMs;
	let max = 0;
	for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name)));
	return max;
}

const built = existsSync(entry) ? statSync(entry).mtimeMs : 0;
const sources = Math.max(...INPUTS.map((p) => newest(join(root, p))));
if (built === 0 || sources > built) {
	console.log(
		built ? 'Sources changed since the last build: building…' : 'No build yet: building…'
	);
	const r = spawnSync('npx', ['vite', 'build'], { cwd: root, stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

process.env.PORT ||= '3000';
// SvelteKit refuses a form post (the customer /request page) whose Origin is not the server's,
// and adapter-node assumes https unless told: the public origin is PUBLIC_ORIGIN's when set.
process.env.ORIGIN ||= process.env.PUBLIC_ORIGIN || `http://localhost:${process.env.PORT}`;
process.env.HOST ||= '0.0.0.0';
process.env.DATA_DIR ||= './data';
// Body limits are the app's own (per endpoint, answered with its ErrorBody shape): adapter-node's
// 512 KiB default would answer first, as plain text.
process.env.BODY_SIZE_LIMIT ||= 'Infinity';
// Streams are closed on SIGTERM by the app; this bounds any other slow connection.
process.env.SHUTDOWN_TIMEOUT ||= '5';
console.log(
	`Kilnboard on http://${process.env.HOST}:${process.env.PORT} (store: ${process.env.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${process.env.DATA_DIR}`}; customer form origin ${process.env.ORIGIN})`
);
await import(pathToFileURL(entry).href);
