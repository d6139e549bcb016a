import { describe, expect, it } from 'vitest';
import { niceMax, ticks } from './scale';

describe('chart scale', () => {
	it('rounds the top of the axis to whole, readable steps', () => {
		expect(niceMax(0)).toEqual({ top: 1, step: 1 });
		expect(niceMax(8)).toEqual({ top: 8, step: 2 });
		expect(niceMax(9)).toEqual({ top: 10, step: 5 });
		expect(niceMax(37)).toEqual({ top: 40, step: 10 });
		expect(niceMax(3)).toEqual({ top: 3, step: 1 });
	});
	it('lists gridlines from zero to the top', () => {
		expect(ticks(8, 2)).toEqual([0, 2, 4, 6, 8]);
	});
});
