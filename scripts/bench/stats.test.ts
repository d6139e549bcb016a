import { describe, expect, it } from 'vitest';
import { median, percentile, round } from './stats';

describe('percentile', () => {
	it('uses the nearest rank', () => {
		const xs = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
		expect(percentile(xs, 50)).toBe(5);
		expect(percentile(xs, 95)).toBe(10);
		expect(percentile(xs, 10)).toBe(1);
		expect(median([3, 1, 2])).toBe(2);
	});
	it('is NaN for no samples', () => {
		expect(percentile([], 50)).toBeNaN();
	});
});

describe('round', () => {
	it('keeps more decimals for small figures', () => {
		expect(round(1.23456)).toBe(1.23);
		expect(round(12.345)).toBe(12.3);
		expect(round(1234.5)).toBe(1235);
	});
});
