import { isValidTimeZone } from '../domain/time-zone';
import { PullResponse, deviceAuthHeader } from '../sync/contract';
import { classify, type Verdict } from './classify';
import type { KilnDb } from './db';
import { exchange, type FetchLike, type Timers } from './http';

const MAX_PAGES = 1_000;

export interface PullDeps {
	db: KilnDb;
	fetch: FetchLike;
	timers: Timers;
	now: () => number;
	baseUrl?: string;
}

export type PullOutcome =
	{ ok: true; pages: number; cursor: number } | { ok: false; verdict: Verdict };

/**
 * Pulls every change since the stored cursor, one Dexie transaction per page. The next page is
 * fetched while the current one is stored; the cursor only advances once a page is stored.
 */
export async function pull(deps: PullDeps, token: string): Promise<PullOutcome> {
	const { db } = deps;
	// Reported for the admin's device list (how much this kiosk still has to send).
	const unsent = await db.outbox
		.where('state')
		.anyOf('pending', 'syncing', 'failed', 'held')
		.count();
	const fetchPage = (cursor: number) =>
		exchange(
			deps.fetch,
			`${deps.baseUrl ?? ''}/api/sync/pull?cursor=${cursor}&unsent=${unsent}`,
			{ method: 'GET', headers: { authorization: deviceAuthHeader(token) } },
			deps.timers
		);
	let cursor = Number((await db.meta.get('cursor'))?.value ?? 0);
	let inFlight = fetchPage(cursor);
	for (let pages = 1; pages <= MAX_PAGES; pages++) {
		const { transport, body } = await inFlight;
		const verdict = classify(transport, deps.now());
		if (verdict.kind !== 'results') return { ok: false, verdict };
		const parsed = PullResponse.safeParse(body);
		if (!parsed.success)
			return { ok: false, verdict: { kind: 'retry', reason: 'server', retryAfterMs: null } };
		const page = parsed.data;
		if (page.more) inFlight = fetchPage(page.cursor);
		await storePage(db, page);
		cursor = page.cursor;
		if (!page.more) return { ok: true, pages, cursor };
	}
	return { ok: true, pages: MAX_PAGES, cursor };
}

async function storePage(db: KilnDb, page: PullResponse): Promise<void> {
	await db.transaction(
		'rw',
		[
			db.reservations,
			db.stations,
			db.roster,
			db.notifications,
			db.fairnessAudit,
			db.storageAudit,
			db.meta
		],
		async () => {
			const ids = page.reservations.map((r) => r.id);
			const have = await db.reservations.bulkGet(ids);
			// Versions only grow; a push response may already have stored a newer copy.
			const newer = page.reservations.filter((r, i) => !have[i] || have[i]!.version <= r.version);
			await db.reservations.bulkPut(newer);
			await db.stations.bulkPut(page.stations);
			// A roster comes whole (with the stations): people no longer on it (deactivated) must stop
			// unlocking this kiosk, so it replaces the cached one.
			if (page.roster.length > 0 || page.stations.length > 0) {
				await db.roster.clear();
				await db.roster.bulkPut(page.roster);
			}
			await db.notifications.bulkPut(page.notifications);
			await db.fairnessAudit.bulkPut(page.fairnessAudit);
			await db.storageAudit.bulkPut(page.storageAudit);
			await db.meta.put({ key: 'cursor', value: page.cursor });
			// The studio's zone drives every day boundary the kiosk computes; ignore a name this
			// browser cannot use rather than dating things wrongly.
			if (page.timeZone && isValidTimeZone(page.timeZone))
				await db.meta.put({ key: 'timeZone', value: page.timeZone });
		}
	);
}
