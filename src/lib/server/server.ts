import type { ServerDeps } from './deps';
import { runExclusive } from './cluster-lock';
import { currentCursor } from './change-log';
import { EventHub } from './events';
import { createLogger, type Logger } from './log';
import { startBackgroundJobs, type BackgroundJobs } from './background';
import { migrate } from './migrations';
import { ChangeFeed } from './pg-notify';
import { bootstrapEnrolCode } from './devices';
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
		log: opts.log ?? createLogger(),
		now: () => new Date().toISOString()
	};
}

/**
 * On PostgreSQL: hears every server's commits (LISTEN) and hints this server's streams.
 * PGlite is one process, where the writers call the hub directly: null.
 */
export async function startChangeFeed(deps: ServerDeps): Promise<ChangeFeed | null> {
	const conn = deps.store.connection;
	if (!conn) return null;
	const feed = new ChangeFeed({
		url: conn.url,
		schema: conn.schema,
		onChange: (seq) => deps.hub.changed(seq),
		cursor: () => currentCursor(deps.store),
		log: deps.log
	});
	await feed.start();
	return feed;
}

/** A running server: its dependencies plus what shutdown must stop. */
interface Running {
	deps: ServerDeps;
	jobs: BackgroundJobs;
	feed: ChangeFeed | null;
}

/** Opens the store from the environment, migrates, and seeds the demo studio on first start. */
async function boot(env: Env, log: Logger = createLogger()): Promise<Running> {
	studioTimeZone(env); // an unknown STUDIO_TIME_ZONE stops start-up before anything is written
	const store = await openStoreFromEnv(env);
	try {
		const applied = await migrate(store);
		if (applied.length) log.info('migrations applied', { applied, store: store.kind });
		if (env.KILNBOARD_SEED !== '0') {
			// Servers starting together: one seeds, the others wait and then find it seeded.
			await runExclusive(
				store,
				'seed',
				async () => {
					if (!(await isEmptyStore(store))) return;
					const summary = await seedDemo(store, log);
					log.info('demo studio seeded', { actions: summary.actions, applied: summary.applied });
				},
				{ wait: true }
			);
		}
	} catch (err) {
		await store.close().catch(() => {});
		throw err;
	}
	const deps = decorate(createDeps(store, { log }));
	// First start (no kiosk yet): a one-time code to enrol the first tablet (README, two steps).
	const first = await bootstrapEnrolCode(store, deps.now());
	if (first && env.KILNBOARD_TEST_HOOKS !== '1')
		console.log(
			`\n  No kiosk is enrolled yet. First enrolment code: ${first.display}\n  (one use, valid until ${first.expiresAt}; restart for a new one, or: npm run devices -- code)\n`
		);
	const feed = await startChangeFeed(deps);
	const jobs = startBackgroundJobs(deps, env);
	return { deps, jobs, feed };
}

let decorate: (deps: ServerDeps) => ServerDeps = (deps) => deps;

/** A start-up wrapper around the deps (the test hooks); set before the first `getServer()`. */
export function decorateServer(wrap: (deps: ServerDeps) => ServerDeps): void {
	decorate = wrap;
}

let starting: Promise<Running> | null = null;
let stopping = false;

/** The process-wide server, started once; a failed start is not cached, the next call retries. */
export function getServer(env: Env = process.env): Promise<ServerDeps> {
	if (!starting) {
		starting = boot(env).catch((err) => {
			starting = null;
			throw err;
		});
	}
	return starting.then((r) => r.deps);
}

export type Readiness =
	| { ready: true; store: Store['kind']; listening: boolean | null }
	| { ready: false; code: 'stopping' | 'starting' | 'store_unavailable'; message: string };

/**
 * Ready = started (migrations done), not stopping, database answering. A load balancer sends
 * new work only to a ready server; `listening` is null on PGlite (no cross-server feed).
 */
export async function readiness(): Promise<Readiness> {
	if (stopping) return { ready: false, code: 'stopping', message: 'The server is shutting down.' };
	try {
		await getServer();
		const run = await starting!;
		await run.deps.store.query('SELECT 1');
		return {
			ready: true,
			store: run.deps.store.kind,
			listening: run.feed ? run.feed.listening : null
		};
	} catch {
		return { ready: false, code: 'store_unavailable', message: 'Store is not ready.' };
	}
}

/** Ends live streams at once (SIGTERM must not wait for them); kiosks reconnect elsewhere. */
export async function endStreams(): Promise<void> {
	stopping = true;
	if (starting) (await starting.catch(() => null))?.deps.hub.closeAll();
}

/** Stops jobs (waiting for a run in progress), the change feed and the streams, then the store. */
export async function stopServer(): Promise<void> {
	stopping = true;
	const s = starting;
	starting = null;
	const run = s ? await s.catch(() => null) : null;
	if (!run) return;
	await run.jobs.stop();
	await run.feed?.stop();
	run.deps.hub.closeAll();
	await run.deps.store.close();
}
