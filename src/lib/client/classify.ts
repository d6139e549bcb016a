/** What a push attempt came back as, before its body is looked at. */
export type Transport =
	| { kind: 'response'; status: number; errorCode?: string | null; retryAfter?: string | null }
	| { kind: 'timeout' }
	| { kind: 'network' };

/** What the drainer does next. Decided by HTTP status and error code only, never message text. */
export type Verdict =
	| { kind: 'results' }
	| {
			kind: 'retry';
			reason: 'network' | 'timeout' | 'server' | 'throttled' | 'unexpected';
			retryAfterMs: number | null;
	  }
	| { kind: 'sign_in' }
	| { kind: 'revoked' }
	| { kind: 'batch_failed'; code: 'invalid' | 'permission' | 'conflict' };

export function classify(t: Transport, nowMs: number): Verdict {
	if (t.kind === 'network') return { kind: 'retry', reason: 'network', retryAfterMs: null };
	if (t.kind === 'timeout') return { kind: 'retry', reason: 'timeout', retryAfterMs: null };
	const s = t.status;
	if (s >= 200 && s < 300) return { kind: 'results' };
	if (s === 401) return { kind: 'sign_in' };
	// Any other 403 (e.g. device_mismatch) is a credential problem, not a verdict on the actions:
	// failing them could mislabel rows applied on an earlier try whose answer was lost.
	if (s === 403)
		return t.errorCode === 'device_revoked' ? { kind: 'revoked' } : { kind: 'sign_in' };
	// The batch itself was refused as malformed: fail the rows it names (kept, resolvable).
	if (s === 400 || s === 413 || s === 422) return { kind: 'batch_failed', code: 'invalid' };
	if (s === 429)
		return {
			kind: 'retry',
			reason: 'throttled',
			retryAfterMs: parseRetryAfter(t.retryAfter, nowMs)
		};
	if (s >= 500)
		return { kind: 'retry', reason: 'server', retryAfterMs: parseRetryAfter(t.retryAfter, nowMs) };
	// 404, 405, 3xx…: most likely a deploy in progress or a proxy; keep the rows and retry.
	return { kind: 'retry', reason: 'unexpected', retryAfterMs: null };
}

/** Retry-After as delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
	if (!value) return null;
	const trimmed = value.trim();
	if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
	const at = Date.parse(trimmed);
	return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}
