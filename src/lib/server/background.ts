import type { ServerDeps } from './deps';
import { runExclusive } from './cluster-lock';
import { IntervalJob, type Guard, type Timers } from './jobs';
import { NOTIFY_INTERVAL_MS, deliverPending } from './notify-delivery';
import { transportFromEnv, type NotificationTransport } from './notify-transport';
import { ETA_REFRESH_INTERVAL_MS, runEtaRefresh } from './eta-refresh';
import { STORAGE_EVAL_INTERVAL_MS, runStorageEvaluation } from './storage-evaluator';
import { studioTimeZone } from './studio-config';

type Env = Record<string, string | undefined>;

export interface BackgroundJobs {
	storage: IntervalJob<unknown>;
	delivery: IntervalJob<unknown>;
	eta: IntervalJob<unknown>;
	stop(): Promise<void>;
}

const ms = (v: string | undefined, fallback: number) => {
	const n = Number(v);
	return Number.isFinite(n) && n >= 1000 ? n : fallback;
};

/**
 * The cluster guard of a job: on PostgreSQL one server at a time runs it (the others skip that
 * tick); on PGlite it just runs. Every job registered here should use it.
 */
export const clusterGuard =
	(deps: ServerDeps, name: string): Guard =>
	(run) =>
		runExclusive(deps.store, `job:${name}`, run);

/**
 * The storage evaluator (one run at a time across every server on the database) and notification
 * delivery (every server at once; each row claimed by one), run on the server clock (`deps.now`).
 */
export function startBackgroundJobs(
	deps: ServerDeps,
	env: Env,
	opts: { transport?: NotificationTransport; timers?: Timers } = {}
): BackgroundJobs {
	// A misconfigured studio zone stops start-up here rather than dating everything wrongly.
	const timeZone = studioTimeZone(env);
	const transport = opts.transport ?? transportFromEnv(env, deps.log);
	let stopping = false;
	const storage = new IntervalJob(
		'storage evaluator',
		() => evaluateStorageNow(deps),
		ms(env.STORAGE_EVAL_INTERVAL_MS, STORAGE_EVAL_INTERVAL_MS),
		deps.log,
		opts.timers,
		clusterGuard(deps, 'storage evaluator')
	);
	const delivery = new IntervalJob(
		'notification delivery',
		async () => {
			const run = await deliverPending(deps, transport, {
				leaseMs: ms(env.NOTIFY_LEASE_MS, 120_000),
				shouldStop: () => stopping
			});
			if (run.seq > 0) deps.hub.changed(run.seq);
			return run;
		},
		ms(env.NOTIFY_INTERVAL_MS, NOTIFY_INTERVAL_MS),
		deps.log,
		opts.timers
		// No cluster guard: every server delivers, the per-row SKIP LOCKED claim shares the rows.
	);
	const eta = new IntervalJob(
		'eta refresh',
		() => refreshEtasNow(deps),
		ms(env.ETA_REFRESH_INTERVAL_MS, ETA_REFRESH_INTERVAL_MS),
		deps.log,
		opts.timers,
		clusterGuard(deps, 'eta refresh')
	);
	void storage.start();
	void delivery.start();
	void eta.start();
	deps.log.info('background jobs started', { transport: transport.name, timeZone });
	return {
		storage,
		delivery,
		eta,
		stop: async () => {
			stopping = true;
			await storage.stop();
			await delivery.stop();
			await eta.stop();
		}
	};
}

/** One storage pass now, with a live hint to kiosks when anything changed. */
export async function evaluateStorageNow(deps: ServerDeps) {
	const run = await runStorageEvaluation(deps);
	if (run.seq > 0) deps.hub.changed(run.seq);
	return run;
}

/** One ETA refresh pass now, with a live hint to kiosks when anything changed. */
export async function refreshEtasNow(deps: ServerDeps) {
	const run = await runEtaRefresh(deps);
	if (run.seq > 0) deps.hub.changed(run.seq);
	return run;
}
