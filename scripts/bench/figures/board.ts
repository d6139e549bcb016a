import type { BrowserContext, Page } from '@playwright/test';
import { labPage, stopWorkers, unlockByUi, waitForBoard } from '../browser-session';
import { median, percentile } from '../stats';

interface TapSample {
	commitMs: number;
	renderMs: number;
	frameMs: number;
	cardsTouched: number;
}

export interface LatencyFigure {
	board: number;
	samples: number;
	commitP50: number;
	renderP50: number;
	renderP95: number;
	frameP95: number;
	maxCardsTouched: number;
	floorP50: number;
	floorP95: number;
	/** median of one full deriveBoard over the same tables (where a tap's time goes) */
	deriveMs: number;
}

/**
 * `samples` taps on distinct cards without a pending action. Lanes are windowed (only cards near
 * the viewport are in the DOM), so it taps what is rendered, then scrolls every long lane on by
 * a screen for the next round, as staff would scroll to the card they want.
 */
export async function tapAcrossLanes(
	page: Page,
	samples: number,
	minimum = samples
): Promise<TapSample[]> {
	const out: TapSample[] = [];
	for (let round = 0; out.length < samples && round < 60; round++) {
		const ids = (await page.evaluate(`(() => {
			const cards = [...document.querySelectorAll('article[data-testid="card"]')]
				.filter((c) => !c.querySelector('[data-testid="badge-pending"]'))
				.map((c) => c.getAttribute('data-id'));
			return cards.slice(0, ${samples - out.length});
		})()`)) as string[];
		if (ids.length)
			out.push(...((await page.evaluate(`__kbLab.taps(${JSON.stringify(ids)})`)) as TapSample[]));
		await page.evaluate(`(async () => {
			for (const w of document.querySelectorAll('[data-testid="lane-window"]'))
				w.scrollTop += Math.max(400, w.clientHeight * 1.5);
			for (let i = 0; i < 3; i++) await new Promise((r) => requestAnimationFrame(r));
		})()`);
	}
	if (out.length < minimum) throw new Error(`only ${out.length} tappable cards on the board`);
	return out;
}

/**
 * Staff taps on a board of `n` cards, offline (so no sync response re-renders mid-sample), then
 * the floor in the same page (measured first, while the app is idle). Leaves the page online with the notes draining.
 */
export async function measureLatency(
	page: Page,
	lab: string,
	n: number,
	samples: number
): Promise<LatencyFigure> {
	await page.addScriptTag({ content: lab });
	// Floor first, while the app is idle (after the taps it is busy draining their notes).
	const floor = (await page.evaluate(`__kbLab.floorTaps(${samples}, 'lat${n}')`)) as {
		times: number[];
	};
	await page.context().setOffline(true);
	const taps = await tapAcrossLanes(page, samples);
	await page.context().setOffline(false);
	const deriveMs = (await page.evaluate('__kbLab.deriveCost()')) as number;
	const pick = (k: keyof TapSample) => taps.map((t) => t[k]);
	return {
		board: n,
		samples: taps.length,
		commitP50: median(pick('commitMs')),
		renderP50: median(pick('renderMs')),
		renderP95: percentile(pick('renderMs'), 95),
		frameP95: percentile(pick('frameMs'), 95),
		maxCardsTouched: Math.max(...pick('cardsTouched')),
		floorP50: median(floor.times),
		floorP95: percentile(floor.times, 95),
		deriveMs
	};
}

export interface QueuedTapFigure {
	board: number;
	pending: number;
	/** taps measured (fewer than asked when the queue covers most rendered cards) */
	samples: number;
	enqueueMs: number;
	renderP50: number;
	renderP95: number;
	maxCardsTouched: number;
}

/**
 * Staff taps with `pending` actions already queued (a day offline), on the same board as an
 * empty-queue latency figure. Offline throughout; leaves the queue full (the caller closes).
 */
export async function measureQueuedTaps(
	page: Page,
	lab: string,
	n: number,
	pending: number,
	samples: number
): Promise<QueuedTapFigure> {
	await page.addScriptTag({ content: lab });
	// The cold-start and heap figures in between can outlast the idle lock (2 min): staff unlock.
	if (await page.getByRole('heading', { name: 'Who is using the board?' }).isVisible())
		await unlockByUi(page);
	await page.evaluate(`(() => {
		for (const w of document.querySelectorAll('[data-testid="lane-window"]')) w.scrollTop = 0;
	})()`);
	await page.context().setOffline(true);
	// The day's queue goes on other cards than those rendered now, which the taps use first.
	const visible = (await page.evaluate(`(() =>
		[...document.querySelectorAll('article[data-testid="card"]')].map((c) => c.getAttribute('data-id'))
	)()`)) as string[];
	const queued = (await page.evaluate(
		`__kbLab.queueNotes(${pending}, ${JSON.stringify(visible)})`
	)) as { pending: number; enqueueMs: number };
	// With a day's queue spread over the board, fewer cards near the top are free of pending
	// actions; at least 20 taps (the figure says how many).
	const taps = await tapAcrossLanes(page, samples, Math.min(samples, 20));
	const render = taps.map((t) => t.renderMs);
	return {
		board: n,
		pending: queued.pending,
		samples: taps.length,
		enqueueMs: queued.enqueueMs,
		renderP50: median(render),
		renderP95: percentile(render, 95),
		maxCardsTouched: Math.max(...taps.map((t) => t.cardsTouched))
	};
}

export interface ColdFigure {
	board: number;
	runs: number;
	/** navigation → lock screen up and the whole board loaded and derived (median) */
	readyMs: number;
	lockScreenMs: number;
	/** raw Dexie open + read of the board's tables in a fresh page (median) */
	floorMs: number;
	/** after the PIN check: unlock → board of n cards painted (median, not in the ratio) */
	unlockToBoardMs: number;
}

/**
 * Offline cold starts: every page closed, service workers stopped, then a new page loads '/'.
 * The init script (cold.ts) records when the kiosk is ready. Returns an unlocked board page.
 */
export async function measureColdStart(
	context: BrowserContext,
	url: string,
	lab: string,
	n: number,
	runs: number
): Promise<{ figure: ColdFigure; page: Page }> {
	const ready: number[] = [];
	const lock: number[] = [];
	const floor: number[] = [];
	const unlockPaint: number[] = [];
	let page: Page | null = null;
	await context.setOffline(true);
	for (let r = 0; r < runs; r++) {
		for (const p of context.pages()) await p.close();
		const probe = await labPage(context, url, lab);
		await stopWorkers(probe);
		const f = (await probe.evaluate('__kbLab.rawBoardRead()')) as {
			ms: number;
			reservations: number;
		};
		if (f.reservations < n) throw new Error(`floor read ${f.reservations} of ${n} reservations`);
		floor.push(f.ms);
		await stopWorkers(probe);
		await probe.close();
		page = await context.newPage();
		await page.goto(`${url}/`, { waitUntil: 'commit' });
		const handle = await page.waitForFunction('globalThis.__kbCold', undefined, {
			timeout: 300_000,
			polling: 50
		});
		const cold = (await handle.jsonValue()) as { readyMs: number; lockMs: number };
		ready.push(cold.readyMs);
		lock.push(cold.lockMs);
		await page.getByRole('radio', { name: /Sam Rivera/ }).click();
		await page.getByLabel('PIN', { exact: true }).fill('1111');
		const t0 = Date.now();
		await unlockByUi(page);
		await waitForBoard(page, n);
		await page.evaluate('new Promise((r) => requestAnimationFrame(() => r(0)))');
		unlockPaint.push(Date.now() - t0);
	}
	await context.setOffline(false);
	return {
		figure: {
			board: n,
			runs,
			readyMs: median(ready),
			lockScreenMs: median(lock),
			floorMs: median(floor),
			unlockToBoardMs: median(unlockPaint)
		},
		page: page!
	};
}
