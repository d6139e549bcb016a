import type { ApplyContext } from './context';
import type { Reservation } from './reservation';

const HOURS_36 = 36 * 3600 * 1000;

/** 32-bit FNV-1a over UTF-16 code units, as unsigned. */
function fnv1a(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193) >>> 0;
	}
	return h >>> 0;
}

/** `MF-ARR-XXXX-XXXX`: the id's last 4 alphanumerics, then a hash of id and code version. */
export function arrivalCodeFor(id: string, version: number): string {
	const tail = id
		.replace(/[^A-Za-z0-9]/g, '')
		.slice(-4)
		.toUpperCase()
		.padStart(4, '0');
	const hash = fnv1a(`${id}:${version}`).toString(36).toUpperCase().padStart(4, '0').slice(0, 4);
	return `MF-ARR-${tail}-${hash}`;
}

export function normalizeArrivalCode(code: string): string {
	return code.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export function issueArrivalCode(r: Reservation, ctx: ApplyContext): Reservation {
	const version = r.arrivalTokenVersion + 1;
	const latest = r.preferredWindow.latestDate;
	const fallback = new Date(Date.parse(ctx.now) + HOURS_36).toISOString();
	return {
		...r,
		arrivalToken: arrivalCodeFor(r.id, version),
		arrivalTokenVersion: version,
		arrivalTokenIssuedAt: ctx.now,
		arrivalTokenExpiresAt: latest && latest > ctx.now ? latest : fallback,
		arrivalStatus: r.arrivalStatus === 'arrived' ? 'arrived' : 'expected',
		arrivedAt: r.arrivalStatus === 'arrived' ? r.arrivedAt : null
	};
}
