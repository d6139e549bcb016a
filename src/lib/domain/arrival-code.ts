import type { ApplyContext } from './context';
import type { Reservation } from './reservation';

const HOURS_36 = 36 * 3600 * 1000;
/** Crockford base32: no I, L, O or U, so a code read aloud or typed is hard to get wrong. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Random characters in a code: 8 × 5 bits = 40 bits from the CSPRNG (the printed form stays). */
const CODE_CHARS = 8;
const HEX_NEEDED = 10;

/**
 * `MF-ARR-XXXX-XXXX` from a CSPRNG hex string (`ctx.secret()`): nothing about the reservation
 * goes in, so knowing its id or version tells you nothing about its code.
 */
export function arrivalCodeFromSecret(secret: string): string {
	if (!/^[0-9a-fA-F]+$/.test(secret) || secret.length < HEX_NEEDED)
		throw new Error(`ctx.secret() must give at least ${HEX_NEEDED} hex digits`);
	let out = '';
	// Two 20-bit chunks (5 hex digits each), 4 base32 characters from each.
	for (const chunk of [secret.slice(0, 5), secret.slice(5, 10)]) {
		let bits = parseInt(chunk, 16);
		let part = '';
		for (let i = 0; i < CODE_CHARS / 2; i++) {
			part = ALPHABET[bits & 31] + part;
			bits >>>= 5;
		}
		out += part;
	}
	return `MF-ARR-${out.slice(0, 4)}-${out.slice(4)}`;
}

/** Upper case, separators dropped; Crockford look-alikes (O→0, I/L→1) read as intended. */
export function normalizeArrivalCode(code: string): string {
	return code
		.toUpperCase()
		.replace(/[^A-Z0-9]/g, '')
		.replace(/O/g, '0')
		.replace(/[IL]/g, '1');
}

/**
 * Compares a typed code with the stored one as a secret: the time taken does not depend on
 * where they first differ, and only the yes/no leaves this function.
 */
export function arrivalCodeMatches(typed: string, stored: string | null): boolean {
	const a = normalizeArrivalCode(typed);
	const b = normalizeArrivalCode(stored ?? '');
	let diff = a.length === b.length && b.length > 0 ? 0 : 1;
	for (let i = 0; i < b.length; i++) diff |= (a.charCodeAt(i) || 0) ^ b.charCodeAt(i);
	return diff === 0;
}

export function issueArrivalCode(r: Reservation, ctx: ApplyContext): Reservation {
	const version = r.arrivalTokenVersion + 1;
	const latest = r.preferredWindow.latestDate;
	const fallback = new Date(Date.parse(ctx.now) + HOURS_36).toISOString();
	return {
		...r,
		arrivalToken: arrivalCodeFromSecret(ctx.secret()),
		arrivalTokenVersion: version,
		arrivalTokenIssuedAt: ctx.now,
		arrivalTokenExpiresAt: latest && latest > ctx.now ? latest : fallback,
		arrivalStatus: r.arrivalStatus === 'arrived' ? 'arrived' : 'expected',
		arrivedAt: r.arrivalStatus === 'arrived' ? r.arrivedAt : null
	};
}

/**
 * The arrival code a kiosk may show for a card: the server's, and only while the kiosk's own
 * unsent actions have not issued another one. A code the kiosk made itself is a local guess
 * (the server issues its own), so it is `pending_sync`, never shown as the customer's.
 */
export function shownArrivalCode(
	optimistic: Reservation,
	server: Reservation | null
): string | 'pending_sync' | null {
	if (!optimistic.arrivalToken) return null;
	if (
		server?.arrivalToken &&
		server.arrivalToken === optimistic.arrivalToken &&
		server.arrivalTokenVersion === optimistic.arrivalTokenVersion
	)
		return server.arrivalToken;
	return 'pending_sync';
}
