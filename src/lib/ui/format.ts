import { displayTimeZone } from '../client/studio-zone.svelte';
import { formatDateTime, formatShortDay } from '../domain/time-zone';

export { displayTimeZone, setDisplayTimeZone } from '../client/studio-zone.svelte';

/**
 * Display helpers for the kiosk, short and glanceable. Dates are shown in the STUDIO's time
 * zone (from the pull, set by the kiosk), never the tablet's, so staff and customers see the
 * same day. `tz` overrides it for one call.
 */
export function shortTime(iso: string | null | undefined, tz?: string): string {
	if (!iso) return '—';
	return formatDateTime(iso, displayTimeZone(tz));
}

export function shortDay(iso: string | null | undefined, tz?: string): string {
	if (!iso) return '—';
	return formatShortDay(iso, displayTimeZone(tz));
}

export function age(fromIso: string | null | undefined, nowMs: number): string {
	if (!fromIso) return '—';
	const s = Math.max(0, Math.round((nowMs - Date.parse(fromIso)) / 1000));
	if (s < 60) return `${s} s`;
	if (s < 3600) return `${Math.floor(s / 60)} min`;
	if (s < 86400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
	return `${Math.floor(s / 86400)} d ${Math.floor((s % 86400) / 3600)} h`;
}

export function snippet(text: string | null | undefined, max = 80): string {
	if (!text) return '';
	const t = text.replace(/\s+/g, ' ').trim();
	return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
