export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 60_000;
/** Never wait longer than this even if the server asks (a kiosk must not go quiet for hours). */
export const RETRY_AFTER_CAP_MS = 15 * 60_000;

/**
 * Delay before retry number `failures` (1 = first retry): doubles from 1 s to a 60 s cap, with
 * "equal jitter" in [half, full] so many kiosks do not retry in lockstep after an outage.
 */
export function backoffDelay(failures: number, random: () => number): number {
	const exp = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
	return Math.round(exp / 2 + (random() * exp) / 2);
}

/** A server's Retry-After wins when it asks for longer than our own backoff. */
export function retryDelay(failures: number, random: () => number, retryAfterMs: number | null) {
	const own = backoffDelay(failures, random);
	return retryAfterMs === null ? own : Math.max(own, Math.min(retryAfterMs, RETRY_AFTER_CAP_MS));
}
