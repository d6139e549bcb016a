import { z } from 'zod';
import type { Firing } from '../domain/firing-record';
import type { Reservation } from '../domain/reservation';
import type { Station } from '../domain/stations';
import type { CustomerContact, PullResponse, RosterEntry } from '../sync/contract';
import type { ServerDeps } from './deps';
import { authenticateHeader } from './devices';
import { invalidReply, ok, type Reply } from './http';
import type { Queryable } from './store/types';
import { loadPrices } from './prices';
import { studioTimeZone } from './studio-config';

/** Change-log rows per page (default and most). Large: an initial pull of 10k cards is ~5 pages. */
export const PULL_PAGE = 2000;

const PullQuery = z.object({
	cursor: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
	limit: z.coerce.number().int().min(1).max(PULL_PAGE).default(PULL_PAGE),
	/** The kiosk's unsent queue size, for the admin's device list. */
	unsent: z.coerce.number().int().min(0).max(10_000_000).optional(),
	/** The `digest` of the stations and roster the kiosk holds (absent: an older kiosk). */
	have: z
		.string()
		.regex(/^[0-9a-f]{32}$/)
		.optional(),
	/** The `contactsDigest` of the customer contacts the kiosk holds. */
	haveContacts: z
		.string()
		.regex(/^[0-9a-f]{32}$/)
		.optional()
});

/** Customers with something staff can reach them by: exactly the rows `loadContacts` sends. */
const CONTACTS_SQL = `SELECT uid, email, phone FROM people
	WHERE kind = 'customer' AND (email IS NOT NULL OR phone IS NOT NULL) ORDER BY uid`;

/** One hash of the customer contacts, so a kiosk is sent them only when one changed. */
async function contactsDigest(q: Queryable): Promise<string> {
	const rows = await q.query<{ d: string }>(
		`SELECT md5(coalesce(string_agg(concat_ws(',', uid, email, phone), '|' ORDER BY uid), '')) AS d
		 FROM (${CONTACTS_SQL}) c`
	);
	return rows[0].d;
}

async function loadContacts(q: Queryable): Promise<CustomerContact[]> {
	return q.query<CustomerContact>(CONTACTS_SQL);
}

/**
 * One hash of the stations, the staff roster (exactly the rows `loadRoster` sends) and the price table. These are whole tables without a per-row log
 * (seeding and restores write them outside the change log), so a kiosk is sent them only when
 * this hash differs from the one it holds.
 */
async function tablesDigest(q: Queryable): Promise<string> {
	const rows = await q.query<{ d: string }>(
		`SELECT md5(
			coalesce((SELECT string_agg(doc::text, '|' ORDER BY position, id) FROM stations), '') || '#' ||
			coalesce((SELECT string_agg(concat_ws(',', uid, name, role, active, pin_salt, pin_hash, pin_kdf), '|' ORDER BY uid)
			          FROM people
			          WHERE kind = 'staff' AND active AND pin_kdf IS NOT NULL AND pin_hash IS NOT NULL), '') || '#' ||
			coalesce((SELECT doc::text FROM price_table WHERE id = 1), '')
		) AS d`
	);
	return rows[0].d;
}

type Effect = { k: 'n' | 'f' | 's'; doc: unknown };

/** The page's notification and audit rows in one statement (tagged by table). */
async function effectsOf(q: Queryable, ids: string[]) {
	const out = {
		notifications: [] as unknown[],
		fairnessAudit: [] as unknown[],
		storageAudit: [] as unknown[]
	};
	if (ids.length === 0) return out;
	const rows = await q.query<Effect>(
		`WITH ids AS (SELECT jsonb_array_elements_text($1::jsonb) AS id)
		 SELECT 'n' AS k, doc FROM notifications WHERE reservation_id IN (SELECT id FROM ids)
		 UNION ALL SELECT 'f', doc FROM fairness_audit WHERE reservation_id IN (SELECT id FROM ids)
		 UNION ALL SELECT 's', doc FROM storage_audit WHERE reservation_id IN (SELECT id FROM ids)`,
		[JSON.stringify(ids)]
	);
	for (const r of rows)
		(r.k === 'n' ? out.notifications : r.k === 'f' ? out.fairnessAudit : out.storageAudit).push(
			r.doc
		);
	return out;
}

export async function loadRoster(q: Queryable): Promise<RosterEntry[]> {
	const rows = await q.query<{
		uid: string;
		name: string;
		role: RosterEntry['role'];
		active: boolean;
		pin_salt: string;
		pin_hash: string;
		pin_kdf: string;
	}>(
		// Only active people who can unlock a kiosk; verifiers only (never the proof key).
		`SELECT uid, name, role, active, pin_salt, pin_hash, pin_kdf FROM people
		 WHERE kind = 'staff' AND active AND pin_kdf IS NOT NULL AND pin_hash IS NOT NULL ORDER BY uid`
	);
	return rows.map((p) => ({
		uid: p.uid,
		name: p.name,
		role: p.role,
		active: p.active,
		pinSalt: p.pin_salt,
		pinHash: p.pin_hash,
		pinKdf: p.pin_kdf
	}));
}

/**
 * Changes after `cursor` (a bounded page), read in one snapshot. cursor 0 = everything. Stations
 * and the roster (whole tables, no per-row log) are checked on the first page of an initial
 * pull, on every last page (`more` false: each pull ends with them current) and with a station
 * change. A kiosk that says which `digest` it holds (`have`) gets them only when they differ;
 * an older kiosk (no `have`) gets them whenever they are checked.
 */
export async function pullSince(
	q: Queryable,
	cursor: number,
	limit = PULL_PAGE,
	have?: string,
	haveContacts?: string
): Promise<Omit<PullResponse, 'serverTime' | 'timeZone'>> {
	const log = await q.query<{
		seq: string | number;
		reservation_id: string | null;
		station_id: string | null;
		firing_id: string | null;
	}>(
		'SELECT seq, reservation_id, station_id, firing_id FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2',
		[cursor, limit + 1]
	);
	const more = log.length > limit;
	const page = log.slice(0, limit);
	const ids = [...new Set(page.map((r) => r.reservation_id).filter((x): x is string => !!x))];
	const reservations = ids.length
		? (
				await q.query<{ doc: Reservation }>(
					'SELECT doc FROM reservations WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY id',
					[JSON.stringify(ids)]
				)
			).map((r) => r.doc)
		: [];
	const firingIds = [...new Set(page.map((r) => r.firing_id).filter((x): x is string => !!x))];
	const firings = firingIds.length
		? (
				await q.query<{ doc: Firing }>(
					'SELECT doc FROM firings WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY id',
					[JSON.stringify(firingIds)]
				)
			).map((r) => r.doc)
		: [];
	const check = cursor === 0 || !more || page.some((r) => r.station_id !== null);
	const digest = check ? await tablesDigest(q) : undefined;
	const whole = check && digest !== have;
	const stations = whole
		? (await q.query<{ doc: Station }>('SELECT doc FROM stations ORDER BY position, id')).map(
				(r) => r.doc
			)
		: [];
	const effects = await effectsOf(q, ids);
	// Contacts are checked when the tables are (a new customer arrives with a change-log row).
	const contactsHash = check ? await contactsDigest(q) : undefined;
	const contacts = contactsHash && contactsHash !== haveContacts ? await loadContacts(q) : null;
	return {
		cursor: page.length ? Number(page[page.length - 1].seq) : cursor,
		more,
		reservations,
		stations,
		notifications: effects.notifications as PullResponse['notifications'],
		fairnessAudit: effects.fairnessAudit as PullResponse['fairnessAudit'],
		storageAudit: effects.storageAudit as PullResponse['storageAudit'],
		roster: whole ? await loadRoster(q) : [],
		// The price table rides with the stations and roster (same digest): sent only when changed.
		...(whole ? { prices: await loadPrices(q) } : {}),
		firings,
		...(digest ? { digest } : {}),
		...(contacts ? { contacts } : {}),
		...(contactsHash ? { contactsDigest: contactsHash } : {})
	};
}

/** `GET /api/sync/pull?cursor=N`. */
export async function handlePull(
	deps: ServerDeps,
	authHeader: string | null,
	url: URL
): Promise<Reply> {
	const auth = await authenticateHeader(deps, authHeader);
	if (!auth.ok) return auth.reply;
	const query = PullQuery.safeParse(Object.fromEntries(url.searchParams));
	if (!query.success) return invalidReply(query.error, 'The pull cursor is not valid.');
	await deps.store.query(
		'UPDATE devices SET last_seen_at = $2, unsent_reported = COALESCE($3, unsent_reported) WHERE id = $1',
		[auth.deviceId, deps.now(), query.data.unsent ?? null]
	);
	// Docs may be newer than the page's last seq; the next pull simply brings them again.
	const body = await deps.store.transaction((tx) =>
		pullSince(tx, query.data.cursor, query.data.limit, query.data.have, query.data.haveContacts)
	);
	return ok({ ...body, serverTime: deps.now(), timeZone: studioTimeZone() });
}
