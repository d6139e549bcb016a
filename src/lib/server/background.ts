import type { ServerDeps } from './deps';
import { IntervalJob, type Timers } from './jobs';
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

/** The storage evaluator and notification delivery, run on the server clock (`deps.now`). */
export function startBackgroundJobs(
	deps: ServerDeps,
	env: Env,
	opts: { transport?: NotificationTransport; timers?: Timers } = {}
): BackgroundJobs {
	// A misconfigured studio zone stops start-up here rather than dating everything wrongly.
	const timeZone = studioTimeZone(env);
	const transport = opts.transport ?? transportFromEnv(env, deps.log);
	const storage = new IntervalJob(
		'storage evaluator',
		() => evaluateStorageNow(deps),
		ms(env.STORAGE_EVAL_INTERVAL_MS, STORAGE_EVAL_INTERVAL_MS),
		deps.log,
		opts.timers
	);
	const delivery = new IntervalJob(
		'notification delivery',
		async () => {
			const run = await deliverPending(deps, transport);
			if (run.seq > 0) deps.hub.changed(run.seq);
			return run;
		},
		ms(env.NOTIFY_INTERVAL_MS, NOTIFY_INTERVAL_MS),
		deps.log,
		opts.timers
	);
	const eta = new IntervalJob(
		'eta refresh',
		() => refreshEtasNow(deps),
		ms(env.ETA_REFRESH_INTERVAL_MS, ETA_REFRESH_INTERVAL_MS),
		deps.log,
		opts.timers
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
