import { FALLBACK_TIME_ZONE, isValidTimeZone } from '../domain/time-zone';

/**
 * The zone the kiosk passes into the domain and shows dates in: the studio's, from the last
 * pull; before the first pull, the tablet's own (the best guess while nothing is synced yet).
 */
export function kioskTimeZone(meta: { timeZone?: string }): string {
	if (meta.timeZone && isValidTimeZone(meta.timeZone)) return meta.timeZone;
	const host = Intl.DateTimeFormat().resolvedOptions().timeZone;
	return isValidTimeZone(host) ? host : FALLBACK_TIME_ZONE;
}

// Reactive, so dates on screen re-render when the first pull brings the studio's zone.
let current = $state<string | null>(null);

/** Set by the kiosk whenever its stored meta changes; read by the display helpers. */
export function setDisplayTimeZone(zone: string | null | undefined): void {
	current = zone && isValidTimeZone(zone) ? zone : null;
}

/** The studio zone dates are shown in (`tz` overrides it for one call). */
export function displayTimeZone(tz?: string): string {
	return tz ?? current ?? kioskTimeZone({});
}
