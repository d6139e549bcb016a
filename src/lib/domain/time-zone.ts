/**
 * Studio-time-zone helpers (Intl only, so the result never depends on the host's TZ).
 * Every day boundary and every date shown to people goes through these with the studio's
 * IANA zone, passed in like `now`.
 */

const DAY_MS = 86_400_000;

/** What a kiosk uses before its first pull has brought the studio's zone. */
export const FALLBACK_TIME_ZONE = 'UTC';
const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
	let f = formatters.get(zone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		});
		formatters.set(zone, f);
	}
	return f;
}

/** True when `zone` is an IANA name this runtime knows (e.g. `Europe/London`). */
export function isValidTimeZone(zone: string): boolean {
	if (!zone || typeof zone !== 'string') return false;
	if (formatters.has(zone)) return true;
	try {
		partsFormatter(zone);
		return true;
	} catch {
		return false;
	}
}

/** The wall clock in `zone` at `ms`, written as if it were UTC (ms precision kept). */
function wallMs(ms: number, zone: string): number {
	const p: Record<string, number> = {};
	for (const part of partsFormatter(zone).formatToParts(new Date(ms)))
		if (part.type !== 'literal') p[part.type] = Number(part.value);
	const whole = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return whole + (((ms % 1000) + 1000) % 1000);
}

/** Offset of `zone` from UTC at the instant `ms`, in ms (Tokyo +9 h → 32_400_000). */
export function zoneOffsetMs(ms: number, zone: string): number {
	return wallMs(ms, zone) - ms;
}

/**
 * The instant a wall-clock time (written as UTC ms) happens in `zone`. In a DST gap (a wall time
 * that never happens) it moves on to the first instant after the gap, so a day that starts at
 * 01:00 (zones that change at midnight) starts there.
 */
function instantOfWall(wall: number, zone: string): number {
	const first = wall - zoneOffsetMs(wall, zone);
	const second = wall - zoneOffsetMs(first, zone);
	if (wallMs(second, zone) === wall) return second;
	if (wallMs(first, zone) === wall) return first;
	// Neither candidate shows this wall time, so it falls in a gap: the later candidate is the
	// same wall time on the new offset (02:30 → 03:30 when clocks go forward at 02:00).
	return Math.max(first, second);
}

const iso = (ms: number) => new Date(ms).toISOString();

/** `YYYY-MM-DD` of the studio day that contains `at`. */
export function localDate(at: string, zone: string): string {
	return new Date(wallMs(Date.parse(at), zone)).toISOString().slice(0, 10);
}

/** First instant of the studio day containing `at`. */
export function startOfDay(at: string, zone: string): string {
	const wall = wallMs(Date.parse(at), zone);
	return iso(instantOfWall(wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS), zone));
}

/** Last millisecond of the studio day containing `at` (a 23 h or 25 h day across DST). */
export function endOfDay(at: string, zone: string): string {
	const wall = wallMs(Date.parse(at), zone);
	const midnight = wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
	return iso(instantOfWall(midnight + DAY_MS, zone) - 1);
}

/** The same wall-clock time `days` studio days later (so a day is 23 or 25 h across DST). */
export function addDays(at: string, days: number, zone: string): string {
	return iso(instantOfWall(wallMs(Date.parse(at), zone) + days * DAY_MS, zone));
}

/**
 * Studio days and fractions: whole days keep the wall clock (DST-aware), the fraction is
 * plain hours on top (19.25 days = 19 studio days + 6 h).
 */
export function addStudioDays(at: string, days: number, zone: string): string {
	const whole = Math.floor(days);
	return iso(Date.parse(addDays(at, whole, zone)) + Math.round((days - whole) * DAY_MS));
}

/** Whole studio days from `from` to `to` (same wall clock counts one day); 0 when `to` ≤ `from`. */
export function wholeDaysBetween(from: string, to: string, zone: string): number {
	const a = Date.parse(from);
	const b = Date.parse(to);
	if (b <= a) return 0;
	let n = Math.floor((b - a) / DAY_MS);
	// A day is 23–25 h, so the plain estimate is off by at most one either way near DST.
	while (n > 0 && Date.parse(addDays(from, n, zone)) > b) n--;
	while (Date.parse(addDays(from, n + 1, zone)) <= b) n++;
	return n;
}

// Building an Intl formatter costs far more than using one (a tap formats a few dates per
// dry run): one per zone and shape, as `toLocale*String` would build on every call.
const shaped = new Map<string, Intl.DateTimeFormat>();
function shapedFormatter(shape: 'day' | 'short' | 'time', zone: string): Intl.DateTimeFormat {
	const key = `${shape}|${zone}`;
	let f = shaped.get(key);
	if (!f) {
		const opts: Intl.DateTimeFormatOptions =
			shape === 'day'
				? { weekday: 'short', month: 'short', day: 'numeric' }
				: shape === 'short'
					? { month: 'short', day: 'numeric' }
					: { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' };
		f = new Intl.DateTimeFormat('en-US', { ...opts, timeZone: zone });
		shaped.set(key, f);
	}
	return f;
}

// `format` throws on an invalid date where `toLocale*String` said so in words: keep the words.
function formatIn(shape: 'day' | 'short' | 'time', at: string, zone: string): string {
	const d = new Date(at);
	return Number.isNaN(d.getTime()) ? 'Invalid Date' : shapedFormatter(shape, zone).format(d);
}

/** `Mon, Mar 9` in the studio zone. */
export function formatDay(at: string, zone: string): string {
	return formatIn('day', at, zone);
}

/** `Mar 9` in the studio zone. */
export function formatShortDay(at: string, zone: string): string {
	return formatIn('short', at, zone);
}

/** `Mar 9, 3:05 PM` in the studio zone. */
export function formatDateTime(at: string, zone: string): string {
	return formatIn('time', at, zone);
}

/** `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM[:SS]` read as a wall-clock time in `zone` (form inputs). */
export function wallTimeToInstant(local: string, zone: string): string {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(local);
	if (!m) throw new Error(`not a local date or time: ${local}`);
	const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
	return iso(instantOfWall(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s), zone));
}

/** First instant of the studio day `YYYY-MM-DD`. */
export const startOfLocalDate = (date: string, zone: string) => wallTimeToInstant(date, zone);

/** Last millisecond of the studio day `YYYY-MM-DD`. */
export const endOfLocalDate = (date: string, zone: string) =>
	endOfDay(wallTimeToInstant(date, zone), zone);
