import { isIP } from 'node:net';
import type { Queryable } from './store/types';

/**
 * Attempt limits kept in the database, so they hold across several app servers and restarts.
 * Each attempt is COUNTED FIRST (one atomic upsert) and only then checked, so a concurrent burst
 * cannot slip past the limit while slow PIN hashes run: the (n+1)th concurrent attempt is
 * refused before any hashing.
 */
export interface Limit {
	scope: string;
	key: string;
	max: number;
	windowMs: number;
}

export type LimitOutcome = { ok: true } | { ok: false; retryAfter: number; scope: string };

async function bump(q: Queryable, l: Limit, nowMs: number): Promise<LimitOutcome> {
	const start = Math.floor(nowMs / l.windowMs) * l.windowMs;
	const rows = await q.query<{ count: number }>(
		`INSERT INTO rate_counters (scope, key, window_start, count) VALUES ($1, $2, $3, 1)
		 ON CONFLICT (scope, key, window_start) DO UPDATE SET count = rate_counters.count + 1
		 RETURNING count`,
		[l.scope, l.key, new Date(start).toISOString()]
	);
	const count = Number(rows[0].count);
	if (count === 1) {
		// First attempt in a new window: forget this scope's old windows (keeps the table small).
		await q.query('DELETE FROM rate_counters WHERE scope = $1 AND window_start < $2', [
			l.scope,
			new Date(start - l.windowMs).toISOString()
		]);
	}
	if (count <= l.max) return { ok: true };
	return {
		ok: false,
		scope: l.scope,
		retryAfter: Math.max(1, Math.ceil((start + l.windowMs - nowMs) / 1000))
	};
}

/** Counts one attempt against every limit; refused when any is over (all are counted). */
export async function countAttempt(
	q: Queryable,
	limits: Limit[],
	nowMs: number
): Promise<LimitOutcome> {
	let worst: LimitOutcome = { ok: true };
	for (const l of limits) {
		const out = await bump(q, l, nowMs);
		if (!out.ok && (worst.ok || out.retryAfter > worst.retryAfter)) worst = out;
	}
	return worst;
}

/** After a correct PIN the guesses of that key start over. */
export async function clearAttempts(q: Queryable, limits: Limit[]): Promise<void> {
	for (const l of limits)
		await q.query('DELETE FROM rate_counters WHERE scope = $1 AND key = $2', [l.scope, l.key]);
}

/** PIN and code guessing: per address, per device and per person, 5 a minute each. */
export const PIN_LIMIT = { max: 5, windowMs: 60_000 };
export function pinLimits(p: {
	ip: string;
	deviceId?: string | null;
	uid?: string | null;
}): Limit[] {
	const out: Limit[] = [{ scope: 'pin:ip', key: p.ip, ...PIN_LIMIT }];
	if (p.deviceId) out.push({ scope: 'pin:device', key: p.deviceId, ...PIN_LIMIT });
	if (p.uid) out.push({ scope: 'pin:person', key: p.uid, ...PIN_LIMIT });
	return out;
}

/** Refusals become counters per (code, source, minute), never one audit row each. */
export async function countRefusal(
	q: Queryable,
	code: string,
	source: string,
	at: string
): Promise<void> {
	const minute = new Date(Math.floor(Date.parse(at) / 60_000) * 60_000).toISOString();
	await q.query(
		`INSERT INTO refusal_counters (code, source, minute, count) VALUES ($1, $2, $3, 1)
		 ON CONFLICT (code, source, minute) DO UPDATE SET count = refusal_counters.count + 1`,
		[code, source.slice(0, 120), minute]
	);
}

/** Addresses allowed to set X-Forwarded-For, from `TRUSTED_PROXIES` (comma-separated IPs). */
export function trustedProxies(env: Record<string, string | undefined>): Set<string> {
	return new Set(
		(env.TRUSTED_PROXIES ?? '')
			.split(',')
			.map((s) => normalizeIp(s.trim()))
			.filter(Boolean)
	);
}

const normalizeIp = (ip: string) => ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/**
 * The client's address: the socket's peer, unless that peer is a configured proxy, in which case
 * the nearest untrusted hop of X-Forwarded-For (a client can prepend anything; only what our own
 * proxies appended counts).
 */
export function clientAddress(
	peer: string,
	forwardedFor: string | null,
	trusted: Set<string>
): string {
	let addr = normalizeIp(peer);
	if (!trusted.has(addr) || !forwardedFor) return addr;
	const hops = forwardedFor.split(',').map((h) => normalizeIp(h.trim()));
	for (let i = hops.length - 1; i >= 0; i--) {
		if (!isIP(hops[i])) break;
		addr = hops[i];
		if (!trusted.has(addr)) return addr;
	}
	return addr;
}
