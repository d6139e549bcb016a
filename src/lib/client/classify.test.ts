import { describe, expect, it } from 'vitest';
import { classify, parseRetryAfter, type Transport } from './classify';

const NOW = Date.parse('2026-11-25T09:00:00.000Z');
const res = (
	status: number,
	extra: Partial<Extract<Transport, { kind: 'response' }>> = {}
): Transport => ({
	kind: 'response',
	status,
	...extra
});

describe('classify (status and code only)', () => {
	it.each<[string, Transport, unknown]>([
		['200', res(200), { kind: 'results' }],
		['400', res(400, { errorCode: 'invalid' }), { kind: 'batch_failed', code: 'invalid' }],
		['401', res(401, { errorCode: 'unauthenticated' }), { kind: 'sign_in' }],
		['403 revoked', res(403, { errorCode: 'device_revoked' }), { kind: 'revoked' }],
		['403 other', res(403, { errorCode: 'device_mismatch' }), { kind: 'sign_in' }],
		['409', res(409), { kind: 'retry', reason: 'unexpected', retryAfterMs: null }],
		[
			'429',
			res(429, { retryAfter: '7' }),
			{ kind: 'retry', reason: 'throttled', retryAfterMs: 7000 }
		],
		['500', res(500), { kind: 'retry', reason: 'server', retryAfterMs: null }],
		['502', res(502), { kind: 'retry', reason: 'server', retryAfterMs: null }],
		['404', res(404), { kind: 'retry', reason: 'unexpected', retryAfterMs: null }],
		['timeout', { kind: 'timeout' }, { kind: 'retry', reason: 'timeout', retryAfterMs: null }],
		['network error', { kind: 'network' }, { kind: 'retry', reason: 'network', retryAfterMs: null }]
	])('%s', (_name, t, want) => {
		expect(classify(t, NOW)).toEqual(want);
	});

	it('never treats a 4xx or 5xx as success', () => {
		for (let s = 400; s < 600; s++) expect(classify(res(s), NOW).kind).not.toBe('results');
	});

	it('ignores message text entirely', () => {
		const a = classify(res(403, { errorCode: 'device_revoked' }), NOW);
		const b = classify(res(403, { errorCode: 'nope' }), NOW);
		expect(a).not.toEqual(b);
	});

	it('reads Retry-After as seconds or an HTTP date', () => {
		expect(parseRetryAfter('30', NOW)).toBe(30_000);
		expect(parseRetryAfter(new Date(NOW + 12_000).toUTCString(), NOW)).toBe(12_000);
		expect(parseRetryAfter('soon', NOW)).toBeNull();
		expect(parseRetryAfter(null, NOW)).toBeNull();
	});
});
