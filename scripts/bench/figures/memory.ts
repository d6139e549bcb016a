import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from '@playwright/test';
import { labPage } from '../browser-session';

/** JS heap in use (bytes) after a forced GC, from CDP `Performance.getMetrics`. */
export async function jsHeapBytes(page: Page): Promise<number> {
	const cdp = await page.context().newCDPSession(page);
	try {
		await cdp.send('HeapProfiler.enable');
		await cdp.send('HeapProfiler.collectGarbage');
		await cdp.send('Performance.enable');
		const { metrics } = await cdp.send('Performance.getMetrics');
		const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value;
		if (!used) throw new Error('JSHeapUsedSize missing from Performance.getMetrics');
		return used;
	} finally {
		await cdp.detach();
	}
}

export interface HeapFigure {
	board: number;
	/** the unlocked app page with the whole board painted */
	appBytes: number;
	/** floor: a page with no app code holding the same tables read raw from Dexie */
	floorBytes: number;
}

/** Heap of the app's board page against a page that only holds the same rows in memory. */
export async function measureHeap(
	context: BrowserContext,
	appPage: Page,
	url: string,
	lab: string,
	n: number
): Promise<HeapFigure> {
	const appBytes = await jsHeapBytes(appPage);
	const probe = await labPage(context, url, lab);
	try {
		const held = (await probe.evaluate('__kbLab.holdRows()')) as number;
		if (held < n) throw new Error(`floor page holds ${held} of ${n} reservations`);
		return { board: n, appBytes, floorBytes: await jsHeapBytes(probe) };
	} finally {
		await probe.close();
	}
}

/** Resident set size of a process (Linux /proc), in bytes; null where unreadable. */
export function rssBytes(pid: number): number | null {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) * 1024 : null;
	} catch {
		return null;
	}
}

/** Samples a process's RSS every `everyMs` until stopped; returns the peak seen. */
export function sampleRss(pid: number, everyMs = 50) {
	let peak = rssBytes(pid) ?? 0;
	const timer = setInterval(() => {
		peak = Math.max(peak, rssBytes(pid) ?? 0);
	}, everyMs);
	return {
		stop(): number {
			clearInterval(timer);
			return Math.max(peak, rssBytes(pid) ?? 0);
		}
	};
}
