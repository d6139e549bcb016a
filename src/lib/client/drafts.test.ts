import { describe, expect, it } from 'vitest';
import { DraftKeeper } from './drafts';

describe('DraftKeeper', () => {
	it('gives the draft back to the same person on the same page, once', () => {
		const d = new DraftKeeper();
		d.record('sam', '/r/KB-1', { key: 'staff-note', value: 'glaze ' });
		d.record('sam', '/r/KB-1', { key: 'staff-note', value: 'glaze drip on base' });
		expect(d.owner).toEqual({ uid: 'sam', path: '/r/KB-1', count: 1 });
		expect(d.takeFor('sam', '/r/KB-1')).toEqual([
			{ key: 'staff-note', value: 'glaze drip on base' }
		]);
		expect(d.takeFor('sam', '/r/KB-1')).toEqual([]);
	});

	it('drops the draft when someone else unlocks, so it never reaches them later either', () => {
		const d = new DraftKeeper();
		d.record('sam', '/intake', { key: 'c-name', value: 'Inés' });
		expect(d.takeFor('ana', '/intake')).toEqual([]);
		expect(d.takeFor('sam', '/intake')).toEqual([]);
		expect(d.owner).toBeNull();
	});

	it('typing on another page or by another person starts afresh; blank fields are no draft', () => {
		const d = new DraftKeeper();
		d.record('sam', '/intake', { key: 'c-name', value: 'Inés' });
		d.record('sam', '/r/KB-1', { key: 'staff-note', value: 'x' });
		expect(d.takeFor('sam', '/intake')).toEqual([]);
		d.record('sam', '/intake', { key: 'c-name', value: '   ' });
		d.record('sam', '/intake', { key: 'rush', value: 'on', checked: false });
		expect(d.owner).toBeNull();
		d.record('sam', '/intake', { key: 'c-name', value: 'Maya' });
		d.clear('/intake');
		expect(d.owner).toBeNull();
	});
});
