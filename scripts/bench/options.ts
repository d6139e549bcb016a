/** Workload sizes. `--quick` is a smoke run of every figure (npm test), never a timing check. */
export interface BenchOptions {
	quick: boolean;
	/** Board sizes for latency and cold start; the last one is also the pull size. */
	boards: [number, number];
	latencySamples: number;
	/** Actions already queued for the "a day offline" tap figure. */
	queuedActions: number;
	coldRuns: number;
	drainActions: number;
	pushKiosks: number;
	pushRequestsPerKiosk: number;
	pushBatch: number;
	postgres: boolean;
	rebuild: boolean;
	/** `--only=bundle`: just the board-route JavaScript figure (after `npm run build`). */
	only: 'bundle' | null;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
	const quick = argv.includes('--quick');
	return {
		quick,
		boards: quick ? [200, 600] : [1_000, 10_000],
		latencySamples: quick ? 8 : 60,
		queuedActions: quick ? 100 : 1_000,
		coldRuns: quick ? 1 : 3,
		drainActions: quick ? 100 : 1_000,
		pushKiosks: 20,
		pushRequestsPerKiosk: quick ? 2 : 10,
		pushBatch: 10,
		postgres: !argv.includes('--no-postgres'),
		rebuild: argv.includes('--rebuild'),
		only: argv.includes('--only=bundle') ? 'bundle' : null
	};
}
