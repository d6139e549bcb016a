// `npm run bench [-- --quick] [-- --no-postgres] [-- --rebuild]`: see docs/PERFORMANCE.md.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { startThrowawayPostgres } from '../../vitest.setup-pg';
import { ROOT, browserBundle, privateBuild } from './build';
import {
	enrolAndUnlock,
	labPage,
	launch,
	newContext,
	waitForBoard,
	waitForServiceWorker
} from './browser-session';
import { measureColdStart, measureLatency, measureQueuedTaps } from './figures/board';
import { recordScripts } from './figures/bundle';
import { measureHeap } from './figures/memory';
import { measurePinCost } from './figures/pin-cost';
import { measurePush } from './figures/push';
import { measureDrain, measurePull } from './figures/sync';
import { NodeKiosk, growBoard } from './node-kiosk';
import { parseOptions } from './options';
import { fmt, machine, missingFigures, table, type Row } from './report';
import { BenchServer } from './server';

const FIGURES = [
	'1. Tap → card re-rendered p95',
	'2. Cold start offline',
	'3. Drain queued actions',
	'4. Initial pull into Dexie',
	'5. Server push, 20 kiosks',
	'6. Board route JS (gzip)',
	'7. Tap with actions queued p95',
	'8. Unlock → board painted',
	'9. Kiosk JS heap after unlock',
	'10. Server RSS, 20-kiosk push',
	'11. PIN guess cost (offline)'
];
const MB = 1024 * 1024;

const opts = parseOptions(process.argv.slice(2));
const log = (m: string) => console.log(`[bench] ${m}`);
const rows: Row[] = [];
const raw: Record<string, unknown> = {};
const started = Date.now();
const cleanups: (() => Promise<void> | void)[] = [];

async function main() {
	// Before anything else runs, so the guess has the machine to itself.
	const pin = await measurePinCost(opts.quick ? 3 : 7);
	raw.pinCost = pin;
	rows.push({
		figure: FIGURES[10],
		size: pin.kdf,
		kilnboard: `${fmt(pin.guessMs)} ms`,
		baseline: `PBKDF2-60k ${fmt(pin.pbkdf2Ms)} ms`,
		ratio: pin.guessMs / pin.pbkdf2Ms,
		target: '≥ 250 ms a guess',
		met: pin.guessMs >= 250
	});
	log(
		`PIN guess: ${fmt(pin.guessMs)} ms (${pin.kdf}); a 6-digit space ≈ ${fmt(pin.sixDigitHours)} h on one core`
	);
	const buildDir = privateBuild(opts.rebuild, log);
	cleanups.push(() => rmSync(buildDir, { recursive: true, force: true }));
	const [lab, cold] = [await browserBundle('lab.ts'), await browserBundle('cold.ts')];

	const server = new BenchServer(buildDir);
	cleanups.push(() => server.stop());
	await server.start();
	log(`PGlite server on ${server.url}`);
	const seeder = await NodeKiosk.enrol(server.url, 'Bench seeder');
	const [small, large] = opts.boards;
	// The demo seed's own cards count towards the board: read how many there are, never assume.
	await growBoard(seeder, (await seeder.census()).reservations, small);
	log(`board seeded to ${small} through push`);

	const browser: Browser = await launch();
	cleanups.push(() => browser.close());
	const context = await newContext(browser);
	await context.addInitScript({ content: `globalThis.__kbColdTarget = ${small};\n${cold}` });

	// Board route JS, enrolment and the first board (the kiosk pulls the seeded board).
	let page = await context.newPage();
	const scripts = recordScripts(page, server.url);
	await enrolAndUnlock(page, server.url);
	await waitForBoard(page, small);
	await waitForServiceWorker(page);
	const bundle = scripts.measure(buildDir);
	raw.bundle = bundle;
	rows.push({
		figure: FIGURES[5],
		size: `${bundle.files} files`,
		kilnboard: `${fmt(bundle.gzipBytes / 1024)} KB`,
		baseline: '90 KB budget',
		ratio: bundle.gzipBytes / 1024 / 90,
		target: '≤ 1× budget',
		met: bundle.gzipBytes / 1024 <= 90
	});
	log(`bundle: ${fmt(bundle.gzipBytes / 1024)} KB gzip in ${bundle.files} files`);
	if (opts.only === 'bundle') return;

	const latency = [];
	const colds = [];
	const heaps = [];
	const queued = [];
	for (const n of opts.boards) {
		if (n !== small) {
			await growBoard(seeder, small, n);
			await context.addInitScript({ content: `globalThis.__kbColdTarget = ${n};` });
			await page.addScriptTag({ content: lab });
			await page.evaluate('__kbLab.findKiosk().then((k) => k.syncNow())');
			await waitForBoard(page, n);
			log(`board grown to ${n} and pulled by the kiosk`);
		}
		const lat = await measureLatency(page, lab, n, opts.latencySamples);
		latency.push(lat);
		rows.push({
			figure: FIGURES[0],
			size: `${n} cards`,
			kilnboard: `p50 ${fmt(lat.renderP50)} / p95 ${fmt(lat.renderP95)} ms (${lat.maxCardsTouched} card)`,
			baseline: `p50 ${fmt(lat.floorP50)} / p95 ${fmt(lat.floorP95)} ms`,
			ratio: lat.renderP95 / lat.floorP95,
			target: '≤ 16 ms and ≤ 4×',
			met: lat.renderP95 <= 16 && lat.renderP95 / lat.floorP95 <= 4 && lat.maxCardsTouched <= 1
		});
		log(`latency at ${n}: ${JSON.stringify(lat)}`);
		await page.evaluate('__kbLab.findKiosk().then((k) => k.syncNow())');
		const c = await measureColdStart(context, server.url, lab, n, opts.coldRuns);
		page = c.page;
		colds.push(c.figure);
		rows.push({
			figure: FIGURES[1],
			size: `${n} cards`,
			kilnboard: `${fmt(c.figure.readyMs)} ms`,
			baseline: `${fmt(c.figure.floorMs)} ms`,
			ratio: c.figure.readyMs / c.figure.floorMs,
			target: '≤ 1.5×',
			met: c.figure.readyMs / c.figure.floorMs <= 1.5
		});
		log(`cold start at ${n}: ${JSON.stringify(c.figure)}`);
		const paint = c.figure.unlockToBoardMs;
		rows.push({
			figure: FIGURES[7],
			size: `${n} cards`,
			kilnboard: `${fmt(paint)} ms`,
			baseline: '300 ms target',
			ratio: paint / 300,
			target: '≤ 300 ms',
			met: paint <= 300
		});
		const heap = await measureHeap(context, page, server.url, lab, n);
		heaps.push(heap);
		rows.push({
			figure: FIGURES[8],
			size: `${n} cards`,
			kilnboard: `${fmt(heap.appBytes / MB)} MB`,
			baseline: `${fmt(heap.floorBytes / MB)} MB (same rows held raw)`,
			ratio: heap.appBytes / heap.floorBytes,
			target: '≤ 80 MB',
			met: heap.appBytes / MB <= 80
		});
		log(`heap at ${n}: ${JSON.stringify(heap)}`);
		if (n === large) {
			// Last on this page: it leaves the app's queue full, and the context is closed next.
			const q = await measureQueuedTaps(page, lab, n, opts.queuedActions, opts.latencySamples);
			queued.push(q);
			const empty = lat.renderP95;
			rows.push({
				figure: FIGURES[6],
				size: `${n} cards, ${q.pending} queued`,
				kilnboard: `p50 ${fmt(q.renderP50)} / p95 ${fmt(q.renderP95)} ms (${q.maxCardsTouched} card)`,
				baseline: `p95 ${fmt(empty)} ms (empty queue)`,
				ratio: q.renderP95 / empty,
				target: '≤ 1.5× empty queue',
				met: q.renderP95 / empty <= 1.5
			});
			log(`queued taps at ${n}: ${JSON.stringify(q)}`);
		}
	}
	raw.latency = latency;
	raw.coldStart = colds;
	raw.heap = heaps;
	raw.queuedTaps = queued;
	await context.close();

	// Drain and pull run in a fresh context on a page with no app code.
	const labContext = await newContext(browser);
	const probe = await labPage(labContext, server.url, lab);
	const drain = await measureDrain(probe, server.url, opts.drainActions);
	raw.drain = drain;
	rows.push({
		figure: FIGURES[2],
		size: `${drain.actions} actions`,
		kilnboard: `${fmt(drain.kilnboardPerSec)} /s`,
		baseline: `${fmt(drain.workboxPerSec)} /s (Workbox Queue)`,
		ratio: drain.kilnboardPerSec / drain.workboxPerSec,
		target: '≥ 10× (aim 20×)',
		met: drain.kilnboardPerSec / drain.workboxPerSec >= 10
	});
	log(`drain: ${JSON.stringify(drain)}`);
	const pulled = await measurePull(probe, server.url, large);
	raw.pull = pulled;
	rows.push({
		figure: FIGURES[3],
		size: `${pulled.rows} rows`,
		kilnboard: `${fmt(pulled.pullRowsPerSec)} rows/s`,
		baseline: `${fmt(pulled.floorRowsPerSec)} rows/s (bulkPut)`,
		ratio: pulled.pullRowsPerSec / pulled.floorRowsPerSec,
		target: '≥ 0.8×',
		met: pulled.pullRowsPerSec / pulled.floorRowsPerSec >= 0.8
	});
	log(`pull: ${JSON.stringify(pulled)}`);
	await labContext.close();

	const pushes = [
		await measurePush(
			server.url,
			'pglite',
			opts.pushKiosks,
			opts.pushRequestsPerKiosk,
			opts.pushBatch,
			server.pid
		)
	];
	await server.stop();
	if (opts.postgres) {
		const pg = await startThrowawayPostgres();
		cleanups.push(() => pg.stop());
		const pgServer = new BenchServer(buildDir, { DATABASE_URL: pg.url });
		cleanups.push(() => pgServer.stop());
		await pgServer.start();
		log(`PostgreSQL server on ${pgServer.url}`);
		pushes.push(
			await measurePush(
				pgServer.url,
				'postgres',
				opts.pushKiosks,
				opts.pushRequestsPerKiosk,
				opts.pushBatch,
				pgServer.pid
			)
		);
		await pgServer.stop();
	}
	raw.push = pushes;
	for (const p of pushes) {
		rows.push({
			figure: FIGURES[4],
			size: `${p.store}, ${p.concurrent.actions} actions`,
			kilnboard: `${fmt(p.concurrent.actionsPerSec)} /s, p50 ${fmt(p.concurrent.p50Ms)} / p99 ${fmt(p.concurrent.p99Ms)} ms`,
			baseline: `${fmt(p.single.actionsPerSec)} /s (1 kiosk)`,
			ratio: p.concurrent.actionsPerSec / p.single.actionsPerSec,
			target: 'report',
			met: null
		});
		log(`push ${p.store}: ${JSON.stringify(p)}`);
	}
	for (const p of pushes) {
		const rss = p.rss;
		rows.push({
			figure: FIGURES[9],
			size: `${p.store}, ${p.concurrent.kiosks} kiosks`,
			kilnboard: rss ? `peak ${fmt(rss.concurrentPeakBytes / MB)} MB` : 'unreadable',
			baseline: rss
				? `${fmt(rss.idleBytes / MB)} MB idle, ${fmt(rss.singlePeakBytes / MB)} MB 1 kiosk`
				: '–',
			ratio: rss ? rss.concurrentPeakBytes / rss.idleBytes : NaN,
			target: 'report',
			met: null
		});
	}
}

async function finish(error: unknown) {
	for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => undefined);
	const problems = missingFigures(rows, opts.only === 'bundle' ? [FIGURES[5]] : FIGURES);
	if (error) problems.unshift(`error: ${error instanceof Error ? error.stack : String(error)}`);
	const result = {
		at: new Date().toISOString(),
		mode: opts.only ? `only-${opts.only}` : opts.quick ? 'quick' : 'full',
		seconds: Math.round((Date.now() - started) / 1000),
		machine: machine(),
		rows,
		raw,
		problems
	};
	const dir = join(ROOT, 'bench-results');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `bench-${result.mode}-${result.at.replace(/[:.]/g, '-')}.json`);
	writeFileSync(file, JSON.stringify(result, null, 2));
	writeFileSync(join(dir, `latest-${result.mode}.json`), JSON.stringify(result, null, 2));
	console.log(`\n${table(rows)}\n`);
	console.log(`[bench] ${result.mode} run in ${result.seconds} s; JSON: ${file}`);
	if (problems.length) {
		console.error(`[bench] FAILED:\n- ${problems.join('\n- ')}`);
		process.exit(1);
	}
	process.exit(0);
}

main().then(
	() => finish(null),
	(err) => finish(err)
);
