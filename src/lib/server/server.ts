import type { ServerDeps } from './deps';
import { EventHub } from './events';
import { createLogger, type Logger } from './log';
import { startBackgroundJobs, type BackgroundJobs } from './background';
import { migrate } from './migrations';
import { PUBLIC_REQUESTS_PER_WINDOW, PUBLIC_WINDOW_MS } from './public-request';
import { FailureLimiter } from './rate-limit';
import { isEmptyStore, seedDemo } from './seed';
import { openStoreFromEnv } from './store/open';
import type { Store } from './store/types';
import { studioTimeZone } from './studio-config';

type Env = Record<string, string | undefined>;

/** Builds the handler dependencies around an open, migrated store. */
export function createDeps(store: Store, opts: { log?: Logger } = {}): ServerDeps {
	return {
		store,
		hub: new EventHub(),
		enrolLimiter: new FailureLimiter(5, 60_000),
		publicLimiter: new FailureLimiter(PUBLIC_REQUESTS_PER_WINDOW, PUBLIC_WINDOW_MS),
		log: opts.log ?? createLogger(),
		now: () => new Date().toISOString()
	};
}

/** Opens the store from the environment, migrates, and seeds the demo studio on first start. */
export async function startServer(env: Env, log: Logger = createLogger()): Promise<ServerDeps> {
	studioTimeZone(env); // an unknown STUDIO_TIME_ZONE stops start-up before anything is written
	const store = await openStoreFromEnv(env);
	try {
		const applied = await migrate(store);
		if (applied.length) log.info('migrations applied', { applied, store: store.kind });
		if (env.KILNBOARD_SEED !== '0' && (await isEmptyStore(store))) {
			const summary = await seedDemo(store, log);
			log.info('demo studio seeded', { actions: summary.actions, applied: summary.applied });
		}
	} catch (err) {
		await store.close().catch(() => {});
		throw err;
	}
	const deps = decorate(createDeps(store, { log }));
	jobs = startBackgroundJobs(deps, env);
	return deps;
}

let jobs: BackgroundJobs | null = null;

let decorate: (deps: ServerDeps) => ServerDeps = (deps) => deps;

/** A start-up wrapper around the deps (the test hooks); set before the first `getServer()`. */
export function decorateServer(wrap: (deps: ServerDeps) => ServerDeps): void {
	decorate = wrap;
}

let starting: Promise<ServerDeps> | null = null;

/** The process-wide server, started once; a failed start is not cached, the next call retries. */
export function getServer(env: Env = process.env): Promise<ServerDeps> {
	if (!starting) {
		starting = startServer(env).catch((err) => {
			starting = null;
			throw err;
		});
	}
	return starting;
}

/** Ends live streams at once (SIGTERM must not wait for them). */
export async function endStreams(): Promise<void> {
	if (starting) (await starting.catch(() => null))?.hub.closeAll();
}

export async function stopServer(): Promise<void> {
	const s = starting;
	starting = null;
	const deps = s ? await s.catch(() => null) : null;
	if (!deps) return;
	await jobs?.stop();
	jobs = null;
	deps.hub.closeAll();
	await deps.store.close();
}
