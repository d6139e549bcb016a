/** Workload sizes. `--quick` is a smoke run of every figure (npm test), never a timing check. */
export interface BenchOptions {
	quick: boolean;
	/** Board sizes for latency and cold start; the last one is also the pull size. */
	boards: [number, number];
	latencySamples: number;
	coldRuns: number;
	drainActions: number;
	pushKiosks: number;
	pushRequestsPerKiosk: number;
	pushBatch: number;
	postgres: boolean;
	rebuild: boolean;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
	const quick = argv.includes('--quick');
	return {
		quick,
		boards: quick ? [200, 600] : [1_000, 10_000],
		latencySamples: quick ? 8 : 60,
		coldRuns: quick ? 1 : 3,
		drainActions: quick ? 100 : 1_000,
		pushKiosks: 20,
		pushRequestsPerKiosk: quick ? 2 : 10,
		pushBatch: 10,
		postgres: !argv.includes('--no-postgres'),
		rebuild: argv.includes('--rebuild')
	};
}
