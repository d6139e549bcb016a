import { describe, expect, it } from 'vitest';
import { offsetsOf, windowRange } from './window';

const keys = Array.from({ length: 1000 }, (_, i) => `k${i}`);

describe('windowRange', () => {
	it('renders only what the viewport and its overscan cover', () => {
		const offsets = offsetsOf(keys, () => undefined, 100);
		expect(offsets[1000]).toBe(100_000);
		expect(windowRange(offsets, 0, 500, 200)).toEqual({ start: 0, end: 8 });
		// Scrolled to item 500: items 498..507 cover 49,800..50,700.
		expect(windowRange(offsets, 50_000, 500, 200)).toEqual({ start: 498, end: 508 });
		expect(windowRange(offsets, 99_500, 500, 200)).toEqual({ start: 993, end: 1000 });
	});

	it('uses measured heights where it has them', () => {
		const tall = new Map([['k0', 1000]]);
		const offsets = offsetsOf(keys, (k) => tall.get(k), 100);
		expect(offsets[1]).toBe(1000);
		expect(offsets[2]).toBe(1100);
		expect(windowRange(offsets, 0, 500, 0)).toEqual({ start: 0, end: 1 });
		expect(windowRange(offsets, 1000, 250, 0)).toEqual({ start: 1, end: 4 });
	});

	it('an empty lane renders nothing', () => {
		expect(
			windowRange(
				offsetsOf([], () => undefined, 100),
				0,
				500,
				200
			)
		).toEqual({
			start: 0,
			end: 0
		});
	});
});
