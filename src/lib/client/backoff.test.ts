import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, backoffDelay, retryDelay } from './backoff';

describe('backoff', () => {
	it('doubles from 1 s up to the 60 s cap', () => {
		const top = (f: number) => backoffDelay(f, () => 1);
		expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map(top)).toEqual([
			1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000
		]);
	});

	it('keeps jitter within [half, full] of the step', () => {
		for (const f of [1, 3, 9]) {
			const full = Math.min(BACKOFF_CAP_MS, 1000 * 2 ** (f - 1));
			expect(backoffDelay(f, () => 0)).toBe(full / 2);
			expect(backoffDelay(f, () => 0.5)).toBe(full * 0.75);
			expect(backoffDelay(f, () => 0.999)).toBeLessThanOrEqual(full);
		}
	});

	it('honours a longer Retry-After and keeps our own when it is shorter', () => {
		expect(retryDelay(1, () => 1, 30_000)).toBe(30_000);
		expect(retryDelay(6, () => 1, 2_000)).toBe(32_000);
		expect(retryDelay(1, () => 1, 10 * 3_600_000)).toBe(15 * 60_000);
	});
});
