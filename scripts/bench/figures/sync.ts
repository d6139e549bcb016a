import type { Page } from '@playwright/test';
import { intakeAction, toWire } from '../actions';
import { NodeKiosk } from '../node-kiosk';

export interface DrainFigure {
	actions: number;
	kilnboardMs: number;
	kilnboardPerSec: number;
	enqueueMs: number;
	workboxMs: number;
	workboxPerSec: number;
}

/** The same N intakes drained by Kilnboard (batches + pull) and replayed by Workbox (one each). */
export async function measureDrain(page: Page, url: string, n: number): Promise<DrainFigure> {
	const run = `${process.pid}`;
	const kb = await NodeKiosk.enrol(url, 'Bench drain');
	const wb = await NodeKiosk.enrol(url, 'Bench workbox');
	const { cursor } = await kb.census();
	const actions = Array.from({ length: n }, (_, i) => ({
		id: `KB-K${run}-${i}`,
		action: intakeAction(i)
	}));
	const k = (await page.evaluate(
		`__kbLab.kilnboardDrain(${JSON.stringify({ deviceId: kb.deviceId, token: kb.token, cursor, actions, run })})`
	)) as { outcome: string; drainMs: number; enqueueMs: number; states: Record<string, number> };
	if (k.outcome !== 'synced' || (k.states.synced ?? 0) !== n)
		throw new Error(`Kilnboard drain did not sync all: ${JSON.stringify(k)}`);
	const wire = Array.from({ length: n }, (_, i) =>
		toWire(intakeAction(i), i + 1, `KB-W${run}-${i}`)
	);
	const w = (await page.evaluate(
		`__kbLab.workboxReplay(${JSON.stringify({ deviceId: wb.deviceId, token: wb.token, actions: wire, run })})`
	)) as { replayMs: number; left: number };
	const applied = await kb.census(`KB-W${run}-`);
	if (w.left !== 0 || applied.reservations !== n)
		throw new Error(`Workbox replay applied ${applied.reservations} of ${n} (left ${w.left})`);
	const kbApplied = await kb.census(`KB-K${run}-`);
	if (kbApplied.reservations !== n)
		throw new Error(`Kilnboard applied ${kbApplied.reservations} of ${n}`);
	return {
		actions: n,
		kilnboardMs: k.drainMs,
		kilnboardPerSec: (n / k.drainMs) * 1000,
		enqueueMs: k.enqueueMs,
		workboxMs: w.replayMs,
		workboxPerSec: (n / w.replayMs) * 1000
	};
}

export interface PullFigure {
	rows: number;
	pages: number;
	avgRowBytes: number;
	pullRowsPerSec: number;
	floorRowsPerSec: number;
	fetchAndJsonMs: number;
	zodParseMs: number;
	pullMs: number;
}

export async function measurePull(page: Page, url: string, expected: number): Promise<PullFigure> {
	const dev = await NodeKiosk.enrol(url, 'Bench pull');
	const p = (await page.evaluate(
		`__kbLab.pullVsBulkPut(${JSON.stringify(dev.token)}, 'p${process.pid}')`
	)) as {
		rows: number;
		pages: number;
		pullMs: number;
		floorMs: number;
		avgRowBytes: number;
		breakdown: { fetchAndJsonMs: number; zodParseMs: number };
	};
	if (p.rows < expected) throw new Error(`pulled ${p.rows} of ${expected} reservations`);
	return {
		rows: p.rows,
		pages: p.pages,
		avgRowBytes: p.avgRowBytes,
		pullRowsPerSec: (p.rows / p.pullMs) * 1000,
		floorRowsPerSec: (p.rows / p.floorMs) * 1000,
		fetchAndJsonMs: p.breakdown.fetchAndJsonMs,
		zodParseMs: p.breakdown.zodParseMs,
		pullMs: p.pullMs
	};
}
