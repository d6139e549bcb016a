/// <reference lib="webworker" />
import { build, files, version } from '$service-worker';
import {
	cleanupOutdatedCaches,
	createHandlerBoundToURL,
	precacheAndRoute
} from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { openDb, type KilnDb } from '../src/lib/client/db';
import { ringLogger } from '../src/lib/client/diagnostics';
import { Drainer, drainThroughHolds } from '../src/lib/client/drainer';
import { realTimers } from '../src/lib/client/http';

const sw = self as unknown as ServiceWorkerGlobalScope;
const SYNC_TAG = 'kilnboard-drain';

// The app shell ('/') renders every kiosk route on the client, so it alone serves deep links offline.
precacheAndRoute([...build, ...files, '/'].map((url) => ({ url, revision: version })));
cleanupOutdatedCaches();
// /api and /healthz are never routed here: no caching, and the event stream keeps reconnecting.
// The customer pages (/request, /status/…) are server-rendered without the kiosk: always the network.
registerRoute(
	new NavigationRoute(createHandlerBoundToURL('/'), {
		denylist: [/^\/api\//, /^\/healthz/, /^\/request(\/|$)/, /^\/status\//]
	})
);

sw.addEventListener('message', (event) => {
	if (event.data?.type === 'SKIP_WAITING') void sw.skipWaiting();
});
sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));

interface SyncEvent extends ExtendableEvent {
	tag: string;
	lastChance: boolean;
}

sw.addEventListener('sync', (e) => {
	const event = e as SyncEvent;
	if (event.tag === SYNC_TAG) event.waitUntil(drain(event.lastChance));
});

let db: KilnDb | null = null;

/** The same drainer the pages use, under the same Web Lock, so nothing is sent twice. */
async function drain(lastChance: boolean): Promise<void> {
	db ??= openDb();
	const drainer = new Drainer({
		db,
		fetch: (u, i) => fetch(u, i),
		now: Date.now,
		timers: realTimers,
		random: Math.random,
		locks: sw.navigator.locks ?? null,
		log: ringLogger(db, Date.now),
		autoRetry: false
	});
	// Rows held for their undo window are waited for here: no page may be left to send them.
	const outcome = await drainThroughHolds(
		drainer,
		db,
		{ now: Date.now, sleep: (ms) => new Promise((done) => setTimeout(done, ms)) },
		'background-sync'
	);
	// Rejecting asks the browser to fire the sync event again later; rows stay pending either way.
	if (outcome === 'retry' && !lastChance) throw new Error('kilnboard drain: retry later');
}
