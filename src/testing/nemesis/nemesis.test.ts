import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORE_KINDS } from '../server/testing';
import { pgliteBackend, postgresBackend, type Backend } from './backend';
import { scenario } from './scenario';
import { SimServer } from './sim-server';
import { runScenario, type RunReport } from './world';

/*
 * The nemesis suite (docs/TESTING.md). Each run: 5 kiosks, STEPS random steps with faults, then
 * quiescence and every invariant. Replay a failure with the seed and path it prints:
 *   NEMESIS_SEED=… NEMESIS_PATH=… NEMESIS_STORE=pglite npx vitest run src/testing/nemesis
 */
const env = process.env;
const STEPS = Number(env.NEMESIS_STEPS ?? 120);
const RUNS: Record<string, number> = {
	pglite: Number(env.NEMESIS_RUNS ?? 60),
	postgres: Number(env.NEMESIS_RUNS ?? 60)
};
/** Together the two stores must drive at least 10,000 actions per CI run. */
const MIN_ACTIONS = Number(env.NEMESIS_MIN_ACTIONS ?? 5_000);
const TIME_LIMIT_MS = Number(env.NEMESIS_TIME_LIMIT_MS ?? 300_000);
/** At least half of the enqueued actions must change something on the server… */
const MIN_APPLIED_SHARE = 0.5;
/** …judged once the sample is large enough (a run cut short by the time cap may be smaller). */
const SHARE_SAMPLE = 1_000;
const kinds = STORE_KINDS.filter((k) => !env.NEMESIS_STORE || env.NEMESIS_STORE === k);

describe.each(kinds)('nemesis on %s', (kind) => {
	let backend: Backend;
	let server: SimServer;
	beforeAll(async () => {
		backend =
			kind === 'pglite' ? await pgliteBackend() : await postgresBackend(env.TEST_DATABASE_URL!);
		server = new SimServer(backend);
		await server.start();
	});
	afterAll(async () => {
		await server?.close();
		await backend?.dispose();
	});

	it(
		'never loses, doubles or silently fails an action; kiosks converge; capacity and fairness hold',
		async () => {
			const started = Date.now();
			const total: Omit<RunReport, 'violations'> & { runs: number } = {
				runs: 0,
				actions: 0,
				restarts: 0,
				kills: 0,
				faults: {},
				outcomes: {},
				firings: { planned: 0, steps: 0, flagged: 0 },
				virtualMs: 0
			};
			const property = fc.asyncProperty(scenario(STEPS), async (sc) => {
				const r = await runScenario(server, sc);
				total.runs++;
				total.actions += r.actions;
				total.restarts += r.restarts;
				total.kills += r.kills;
				total.virtualMs += r.virtualMs;
				for (const f of ['planned', 'steps', 'flagged'] as const) total.firings[f] += r.firings[f];
				for (const [f, n] of Object.entries(r.faults)) total.faults[f] = (total.faults[f] ?? 0) + n;
				for (const [o, n] of Object.entries(r.outcomes))
					total.outcomes[o] = (total.outcomes[o] ?? 0) + n;
				if (r.violations.length)
					throw new Error(
						`${r.violations.length} violations:\n${r.violations.slice(0, 25).join('\n')}`
					);
			});
			const details = await fc.check(property, {
				numRuns: RUNS[kind],
				seed: env.NEMESIS_SEED ? Number(env.NEMESIS_SEED) : undefined,
				path: env.NEMESIS_PATH || undefined,
				// Shrinking reruns whole worlds: off unless asked for, and always under the time cap.
				endOnFailure: env.NEMESIS_SHRINK !== '1',
				interruptAfterTimeLimit: TIME_LIMIT_MS,
				// The cap ends the search, not the test: the runs made so far must still hold.
				markInterruptAsFailure: false
			});
			const wall = ((Date.now() - started) / 1000).toFixed(1);
			console.log(
				`[nemesis:${kind}] ${total.runs} runs, ${total.actions} actions, ${total.restarts} server restarts, ${total.kills} drainer kills, faults ${JSON.stringify(total.faults)}, outcomes ${JSON.stringify(total.outcomes)}, firings ${JSON.stringify(total.firings)}, ${(total.virtualMs / 3_600_000).toFixed(1)} h simulated in ${wall} s`
			);
			const { applied = 0, noop = 0, ...refused } = total.outcomes;
			const refusedN = Object.values(refused).reduce((a, b) => a + b, 0);
			const share = total.actions ? applied / total.actions : 0;
			console.log(
				`[nemesis:${kind}] tally: ${applied} applied (${(share * 100).toFixed(1)}% of ${total.actions} enqueued), ${noop} no-ops, ${refusedN} refused or held ${JSON.stringify(refused)}, ${total.actions - applied - noop - refusedN} never reached the server (malformed or discarded)`
			);
			if (details.interrupted && !details.failed)
				console.log(
					`[nemesis:${kind}] wall-time cap (${TIME_LIMIT_MS} ms) reached after ${total.runs} runs and ${total.actions} actions; every invariant held`
				);
			if (details.failed) {
				const why =
					details.errorInstance instanceof Error ? details.errorInstance.message : 'interrupted';
				const steps = JSON.stringify(details.counterexample?.[0]?.steps ?? []);
				throw new Error(
					`nemesis on ${kind} failed after ${details.numRuns} runs (shrunk ${details.numShrinks} times): ${why}\n` +
						`seed ${details.seed}, path "${details.counterexamplePath ?? ''}"; steps: ${steps.slice(0, 1500)}…\n` +
						`Replay: NEMESIS_STORE=${kind} NEMESIS_SEED=${details.seed} NEMESIS_PATH=${details.counterexamplePath ?? ''} npx vitest run src/testing/nemesis`
				);
			}
			if (env.NEMESIS_SEED) return;
			if (!details.interrupted) expect(total.actions).toBeGreaterThanOrEqual(MIN_ACTIONS);
			if (total.actions >= SHARE_SAMPLE)
				expect(share, 'share of enqueued actions that changed something').toBeGreaterThanOrEqual(
					MIN_APPLIED_SHARE
				);
		},
		TIME_LIMIT_MS + 120_000
	);
});
