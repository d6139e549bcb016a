import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit';

describe('FailureLimiter', () => {
	it('blocks after max failures in the window and frees up when they age out', () => {
		const l = new FailureLimiter(3, 60_000);
		for (let t = 0; t < 3; t++) l.fail('ip', t * 1000);
		expect(l.retryAfter('ip', 3000)).toBe(57);
		expect(l.retryAfter('other', 3000)).toBe(0);
		expect(l.retryAfter('ip', 60_001)).toBe(0);
	});

	it('reset clears a key', () => {
		const l = new FailureLimiter(1, 60_000);
		l.fail('ip', 0);
		expect(l.retryAfter('ip', 1)).toBeGreaterThan(0);
		l.reset('ip');
		expect(l.retryAfter('ip', 1)).toBe(0);
	});
});
