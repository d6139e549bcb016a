import { NodeKiosk } from '../node-kiosk';
import { percentile } from '../stats';
import { rssBytes, sampleRss } from './memory';

export interface PushRun {
	kiosks: number;
	actions: number;
	actionsPerSec: number;
	p50Ms: number;
	p99Ms: number;
}

export interface PushFigure {
	store: 'pglite' | 'postgres';
	concurrent: PushRun;
	single: PushRun;
	/** The app server's resident set size (Node process; PostgreSQL's own is not included). */
	rss: { idleBytes: number; singlePeakBytes: number; concurrentPeakBytes: number } | null;
}

async function run(kiosks: NodeKiosk[], requests: number, batch: number, tag: string) {
	const latencies: number[] = [];
	const t0 = performance.now();
	await Promise.all(
		kiosks.map(async (k, ki) => {
			for (let r = 0; r < requests; r++) {
				const ids = Array.from({ length: batch }, (_, b) => `KB-P${tag}-${ki}-${r}-${b}`);
				const s = performance.now();
				await k.pushIntakes(ids, r * batch);
				latencies.push(performance.now() - s);
			}
		})
	);
	const ms = performance.now() - t0;
	const actions = kiosks.length * requests * batch;
	return {
		kiosks: kiosks.length,
		actions,
		actionsPerSec: (actions / ms) * 1000,
		p50Ms: percentile(latencies, 50),
		p99Ms: percentile(latencies, 99)
	};
}

/**
 * Server push throughput over HTTP: `kiosks` enrolled devices pushing batches of intakes at
 * once; baseline = one kiosk alone with the same batches (so the ratio is the concurrency gain).
 */
export async function measurePush(
	url: string,
	store: PushFigure['store'],
	kioskCount: number,
	requests: number,
	batch: number,
	serverPid: number | null = null
): Promise<PushFigure> {
	const kiosks: NodeKiosk[] = [];
	for (let i = 0; i < kioskCount; i++) kiosks.push(await NodeKiosk.enrol(url, `Bench push ${i}`));
	const warm = await NodeKiosk.enrol(url, 'Bench push warm-up');
	await warm.pushIntakes([`KB-P${store}-warm`]);
	const idle = serverPid ? rssBytes(serverPid) : null;
	const s1 = serverPid ? sampleRss(serverPid) : null;
	const single = await run([warm], requests * 2, batch, `${store}-1`);
	const singlePeak = s1?.stop() ?? null;
	const sN = serverPid ? sampleRss(serverPid) : null;
	const concurrent = await run(kiosks, requests, batch, `${store}-n`);
	const concurrentPeak = sN?.stop() ?? null;
	const rss =
		idle && singlePeak && concurrentPeak
			? { idleBytes: idle, singlePeakBytes: singlePeak, concurrentPeakBytes: concurrentPeak }
			: null;
	return { store, concurrent, single, rss };
}
