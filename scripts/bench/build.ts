import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BENCH_DIR = join(ROOT, '.bench');

const complete = (dir: string) =>
	existsSync(join(dir, 'index.js')) &&
	existsSync(join(dir, 'handler.js')) &&
	existsSync(join(dir, 'client', 'service-worker.js')) &&
	existsSync(join(dir, 'client', '_app', 'version.json'));

/**
 * A private copy of the app build: another engineer may rebuild `build/` mid-run. Copies
 * `build/` when it is complete (checked again after the copy), else builds into `.bench/`.
 * node_modules still resolve from the repo root because the copy lives inside it.
 */
export function privateBuild(rebuild: boolean, log: (m: string) => void): string {
	const dest = join(BENCH_DIR, `build-${process.pid}`);
	rmSync(dest, { recursive: true, force: true });
	mkdirSync(BENCH_DIR, { recursive: true });
	const src = join(ROOT, 'build');
	for (let attempt = 0; !rebuild && attempt < 3; attempt++) {
		if (!complete(src)) break;
		const before = readFileSync(join(src, 'client', '_app', 'version.json'), 'utf8');
		cpSync(src, dest, { recursive: true });
		const after = existsSync(join(src, 'client', '_app', 'version.json'))
			? readFileSync(join(src, 'client', '_app', 'version.json'), 'utf8')
			: '';
		if (before === after && complete(dest)) {
			log(`copied build/ to ${dest}`);
			return dest;
		}
		rmSync(dest, { recursive: true, force: true });
	}
	log(`building the app into ${dest}`);
	const kitDir = join(BENCH_DIR, `kit-${process.pid}`);
	const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
		cwd: ROOT,
		stdio: 'inherit',
		env: { ...process.env, KILNBOARD_BUILD_DIR: dest, KILNBOARD_KIT_DIR: kitDir }
	});
	rmSync(kitDir, { recursive: true, force: true });
	if (r.status !== 0 || !complete(dest)) throw new Error('vite build for the bench failed');
	return dest;
}

const ZOD_LITE = join(ROOT, 'src/lib/sync/zod-lite.ts');

/** As in the app's browser build (vite.config.ts): the schema modules run on zod/mini. */
const kioskZod: Plugin = {
	name: 'kiosk-zod',
	setup(b) {
		b.onResolve({ filter: /^zod$/ }, (args) =>
			args.importer === ZOD_LITE ? undefined : { path: ZOD_LITE }
		);
	}
};

/** The in-page bench code (Dexie, the real outbox/drainer/pull, Workbox Queue) as one script. */
export async function browserBundle(entry: 'lab.ts' | 'cold.ts'): Promise<string> {
	const out = await build({
		entryPoints: [join(ROOT, 'scripts/bench/browser', entry)],
		bundle: true,
		format: 'iife',
		platform: 'browser',
		target: 'es2022',
		minify: true,
		write: false,
		logLevel: 'error',
		plugins: [kioskZod],
		define: { 'process.env.NODE_ENV': '"production"' }
	});
	return out.outputFiles[0].text;
}
