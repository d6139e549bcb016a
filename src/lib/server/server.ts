import type { ServerDeps } from './deps';
import { EventHub } from './events';
import { Faults } from './faults';
import { createLogger, type Logger } from './log';
import { startBackgroundJobs, type BackgroundJobs } from './background';
import { migrate } from './migrations';
import { bootstrapEnrolCode } from './devices';
import { isEmptyStore, seedDemo } from './seed';
import { openStoreFromEnv } from './store/open';
import type { Store } from './store/types';

type Env = Record<string, string | undefined>;

/** Builds the handler dependencies around an open, migrated store. */
export function createDeps(
	store: Store,
	opts: { testHooks?: boolean; log?: Logger } = {}
): ServerDeps {
	const faults = new Faults(opts.testHooks ?? false);
	return {
		store,
		faults,
		hub: new EventHub(),
		log: opts.log ?? createLogger(),
		now: () => new Date(Date.now() + faults.clockOffsetMs).toISOString()
	};
}

/** Opens the store from the environment, migrates, and seeds the demo studio on first start. */
export async function startServer(env: Env, log: Logger = createLogger()): Promise<ServerDeps> {
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
	const deps = createDeps(store, { testHooks: env.KILNBOARD_TEST_HOOKS === '1', log });
	// First start (no kiosk yet): a one-time code to enrol the first tablet (README, two steps).
	const first = await bootstrapEnrolCode(store, deps.now());
	if (first && env.KILNBOARD_TEST_HOOKS !== '1')
		console.log(
			`\n  No kiosk is enrolled yet. First enrolment code: ${first.display}\n  (one use, valid until ${first.expiresAt}; restart for a new one, or: npm run devices -- code)\n`
		);
	jobs = startBackgroundJobs(deps, env);
	return deps;
}

let jobs: BackgroundJobs | null = null;

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
