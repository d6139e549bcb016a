// `npm run bench:profile [-- --board=10000] [-- --queued=1000] [-- --taps=30]`
// CPU profiles (CDP `Profiler`) of the kiosk's tap, tap with a long queue, and unlock → paint,
// on an unminified private build so function names are readable. Prints self and inclusive
// time per function; writes the raw profiles to .bench/profiles/ (open them in DevTools).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_DIR, ROOT, browserBundle } from './build';
import { enrolAndUnlock, launch, newContext, unlockByUi, waitForBoard } from './browser-session';
import { printSummary, profiled, summarise } from './cpu-profile';
import { tapAcrossLanes } from './figures/board';
import { NodeKiosk, growBoard } from './node-kiosk';
import { BenchServer } from './server';

const arg = (name: string, fallback: number) => {
	const a = process.argv.find((x) => x.startsWith(`--${name}=`));
	return a ? Number(a.split('=')[1]) : fallback;
};
const board = arg('board', 10_000);
const queued = arg('queued', 1_000);
const taps = arg('taps', 30);
const log = (m: string) => console.log(m);
const OUT = join(BENCH_DIR, 'profiles');

function unminifiedBuild(): string {
	const dest = join(BENCH_DIR, 'profile-build');
	if (process.argv.includes('--reuse') && existsSync(join(dest, 'index.js'))) return dest;
	rmSync(dest, { recursive: true, force: true });
	spawnSync('npx', ['svelte-kit', 'sync'], { cwd: ROOT, stdio: 'inherit' });
	const r = spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], {
		cwd: ROOT,
		stdio: 'inherit',
		env: {
			...process.env,
			KILNBOARD_BUILD_DIR: dest,
			KILNBOARD_NO_MINIFY: '1'
		}
	});
	if (r.status !== 0) throw new Error('unminified build failed');
	return dest;
}

async function main() {
	mkdirSync(OUT, { recursive: true });
	const buildDir = unminifiedBuild();
	const lab = await browserBundle('lab.ts');
	const server = new BenchServer(buildDir);
	await server.start();
	const browser = await launch();
	try {
		const seeder = await NodeKiosk.enrol(server.url, 'Profile seeder');
		await growBoard(seeder, (await seeder.census()).reservations, board);
		log(`board of ${board} seeded`);
		const context = await newContext(browser);
		const page = await context.newPage();
		await enrolAndUnlock(page, server.url);
		await waitForBoard(page, board);
		await page.addScriptTag({ content: lab });
		const cdp = await context.newCDPSession(page);
		const save = (name: string, profile: unknown) =>
			writeFileSync(join(OUT, `${name}.cpuprofile`), JSON.stringify(profile));

		await context.setOffline(true);
		const empty = await profiled(cdp, () => tapAcrossLanes(page, taps));
		save('tap-empty-queue', empty.profile);
		const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
		log(
			`\ntaps, empty queue: render p50 ${p50(empty.result.map((t) => t.renderMs)).toFixed(1)} ms`
		);
		printSummary(`${taps} taps, empty queue`, summarise(empty.profile), log);

		// The first taps are still queued (offline): send them, so the rendered cards are free again.
		await context.setOffline(false);
		await page.evaluate(`(async () => {
			const k = await __kbLab.findKiosk();
			await k.syncNow();
			while (k.sync.queueLength > 0) await new Promise((r) => setTimeout(r, 100));
			for (const w of document.querySelectorAll('[data-testid="lane-window"]')) w.scrollTop = 0;
		})()`);
		await context.setOffline(true);
		const visible = (await page.evaluate(`(() =>
			[...document.querySelectorAll('article[data-testid="card"]')].map((c) => c.getAttribute('data-id'))
		)()`)) as string[];
		await page.evaluate(`__kbLab.queueNotes(${queued}, ${JSON.stringify(visible)})`);
		const full = await profiled(cdp, () => tapAcrossLanes(page, taps, 10));
		save('tap-queued', full.profile);
		log(
			`\ntaps, ${queued} queued: render p50 ${p50(full.result.map((t) => t.renderMs)).toFixed(1)} ms`
		);
		printSummary(`${taps} taps, ${queued} queued`, summarise(full.profile), log);

		// Unlock → painted: reload to the lock screen, profile from the PIN's Unlock press.
		await page.reload();
		await page.getByRole('heading', { name: 'Who is using the board?' }).waitFor();
		await page.addScriptTag({ content: lab });
		await page.waitForFunction(
			`__kbLab.findKiosk().then((k) => !!k && k.ready && k.cardCount >= ${board})`,
			undefined,
			{ timeout: 300_000, polling: 200 }
		);
		const cdp2 = await context.newCDPSession(page);
		const unlock = await profiled(cdp2, async () => {
			const t0 = Date.now();
			await unlockByUi(page);
			await waitForBoard(page, board);
			await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(0)))');
			return Date.now() - t0;
		});
		save('unlock', unlock.profile);
		log(`\nunlock → painted: ${unlock.result} ms`);
		printSummary('unlock → board painted', summarise(unlock.profile), log);
		await context.close();
	} finally {
		await browser.close();
		await server.stop();
	}
}

main().then(
	() => process.exit(0),
	(e) => {
		console.error(e);
		process.exit(1);
	}
);
