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
 * fetched and checked while the current one is stored; the cursor only advances once a page is
 * stored.
 * The kiosk names the stations/roster digest it holds, so unchanged tables are not resent. A
 * pull into an empty database writes its pages without first reading what is already there.
 */
export async function pull(deps: PullDeps, token: string): Promise<PullOutcome> {
	const { db } = deps;
	let cursor = Number((await db.meta.get('cursor'))?.value ?? 0);
	const [stored, storedContacts, rosterRows, cards, unsent] = await Promise.all([
		db.meta.get('tablesDigest'),
		db.meta.get('contactsDigest'),
		db.roster.count(),
		cursor === 0 ? db.reservations.count() : Promise.resolve(1),
		// Reported for the admin's device list (how much this kiosk still has to send).
		db.outbox.where('state').anyOf('pending', 'syncing', 'failed', 'held').count()
	]);
	// Without a roster the digest proves nothing: ask for the tables again.
	let have = rosterRows > 0 && typeof stored?.value === 'string' ? stored.value : null;
	let haveContacts = typeof storedContacts?.value === 'string' ? storedContacts.value : null;
	const fresh = cards === 0;
	const fetchPage = (from: number) =>
		exchange(
			deps.fetch,
			`${deps.baseUrl ?? ''}/api/sync/pull?cursor=${from}&unsent=${unsent}${have ? `&have=${have}` : ''}${haveContacts ? `&haveContacts=${haveContacts}` : ''}`,
			{ method: 'GET', headers: { authorization: deviceAuthHeader(token) } },
			deps.timers
		);
	let inFlight = fetchPage(cursor);
	// Page k is written while page k+1 is fetched and checked; k+1 is written only after k
	// committed, so the stored cursor always names a page that is whole.
	let storing: Promise<void> = Promise.resolve();
	for (let pages = 1; pages <= MAX_PAGES; pages++) {
		const { transport, body } = await inFlight;
		const verdict = classify(transport, deps.now());
		const parsed = verdict.kind === 'results' ? PullResponse.safeParse(body) : null;
		await storing;
		if (verdict.kind !== 'results') return { ok: false, verdict };
		if (!parsed?.success)
			return { ok: false, verdict: { kind: 'retry', reason: 'server', retryAfterMs: null } };
		const page = parsed.data;
		if (page.digest) have = page.digest;
		if (page.contactsDigest) haveContacts = page.contactsDigest;
		if (page.more) inFlight = fetchPage(page.cursor);
		storing = storePage(db, page, fresh);
		// Awaited on the next page (or below); this only keeps a failed write from being reported
		// as unhandled while that page is still on its way.
		storing.catch(() => undefined);
		cursor = page.cursor;
		if (!page.more) {
			await storing;
			return { ok: true, pages, cursor };
		}
	}
	await storing;
	return { ok: true, pages: MAX_PAGES, cursor };
}

/** `fresh`: this pull started on an empty database, so no stored copy can be newer. */
async function storePage(db: KilnDb, page: PullResponse, fresh: boolean): Promise<void> {
	await db.transaction(
		'rw',
		[
			db.reservations,
			db.stations,
			db.roster,
			db.notifications,
			db.fairnessAudit,
			db.storageAudit,
			db.meta,
			db.firings,
			db.contacts
		],
		async () => {
			if (fresh) {
				// Later pages read the server later, so a card on two pages comes newer the second time.
				await db.reservations.bulkPut(page.reservations);
			} else {
				const ids = page.reservations.map((r) => r.id);
				const held = await db.reservations.bulkGet(ids);
				// Versions only grow; a push response may already have stored a newer copy.
				const newer = page.reservations.filter((r, i) => !held[i] || held[i]!.version <= r.version);
				await db.reservations.bulkPut(newer);
			}
			if (page.stations.length) await db.stations.bulkPut(page.stations);
			// A roster comes whole (with the stations, when they changed): people no longer on it
			// (deactivated) must stop unlocking this kiosk, so it replaces the cached one.
			if (page.roster.length > 0 || page.stations.length > 0) {
				await db.roster.clear();
				await db.roster.bulkPut(page.roster);
			}
			if (page.digest) await db.meta.put({ key: 'tablesDigest', value: page.digest });
			if (page.prices !== undefined) await db.meta.put({ key: 'prices', value: page.prices });
			// Contacts come whole when they changed: a customer the server no longer has goes too.
			if (page.contacts) {
				await db.contacts.clear();
				await db.contacts.bulkPut(page.contacts);
			}
			if (page.contactsDigest)
				await db.meta.put({ key: 'contactsDigest', value: page.contactsDigest });
			await db.notifications.bulkPut(page.notifications);
			await db.fairnessAudit.bulkPut(page.fairnessAudit);
			await db.storageAudit.bulkPut(page.storageAudit);
			if (page.firings.length) {
				const had = await db.firings.bulkGet(page.firings.map((f) => f.id));
				await db.firings.bulkPut(
					page.firings.filter((f, i) => !had[i] || had[i]!.version <= f.version)
				);
			}
			await db.meta.put({ key: 'cursor', value: page.cursor });
			// The studio's zone drives every day boundary the kiosk computes; ignore a name this
			// browser cannot use rather than dating things wrongly.
			if (page.timeZone && isValidTimeZone(page.timeZone))
				await db.meta.put({ key: 'timeZone', value: page.timeZone });
		}
	);
}
