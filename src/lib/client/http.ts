import type { Transport } from './classify';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface Timers {
	setTimeout(fn: () => void, ms: number): unknown;
	clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
	setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
	clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>)
};

export const REQUEST_TIMEOUT_MS = 15_000;

/**
 * One HTTP exchange reduced to data: the transport outcome plus the parsed JSON body (or null).
 * Never throws; a lost response after the server committed looks like `network` here.
 */
export async function exchange(
	fetch: FetchLike,
	url: string,
	init: RequestInit,
	timers: Timers,
	timeoutMs = REQUEST_TIMEOUT_MS
): Promise<{ transport: Transport; body: unknown }> {
	const ctrl = new AbortController();
	let timedOut = false;
	const handle = timers.setTimeout(() => {
		timedOut = true;
		ctrl.abort();
	}, timeoutMs);
	try {
		const res = await fetch(url, { ...init, signal: ctrl.signal });
		let body: unknown = null;
		try {
			body = await res.json();
		} catch {
			body = null; // a proxy's HTML error page or an empty body
		}
		const errorCode = readErrorCode(body);
		return {
			transport: {
				kind: 'response',
				status: res.status,
				errorCode,
				retryAfter: res.headers.get('retry-after')
			},
			body
		};
	} catch {
		return { transport: { kind: timedOut ? 'timeout' : 'network' }, body: null };
	} finally {
		timers.clearTimeout(handle);
	}
}

function readErrorCode(body: unknown): string | null {
	if (!body || typeof body !== 'object' || !('error' in body)) return null;
	const err = (body as { error?: { code?: unknown } }).error;
	return typeof err?.code === 'string' ? err.code : null;
}

export function errorMessage(body: unknown): string | null {
	if (!body || typeof body !== 'object' || !('error' in body)) return null;
	const err = (body as { error?: { message?: unknown } }).error;
	return typeof err?.message === 'string' ? err.message : null;
}
