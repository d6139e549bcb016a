import { afterEach, describe, expect, it } from 'vitest';
import { displayTimeZone, setDisplayTimeZone, shortDay, shortTime } from './format';

describe('kiosk dates are shown in the studio zone', () => {
	afterEach(() => setDisplayTimeZone(null));
	const t = '2026-03-05T20:00:00.000Z';

	it('uses the zone the kiosk stored from the pull, on both sides of UTC', () => {
		setDisplayTimeZone('America/Los_Angeles');
		expect(shortDay(t)).toBe('Mar 5');
		expect(shortTime(t)).toBe('Mar 5, 12:00 PM');
		setDisplayTimeZone('Pacific/Auckland');
		expect(shortDay(t)).toBe('Mar 6');
		expect(shortTime(t)).toBe('Mar 6, 9:00 AM');
		expect(shortDay(t, 'Asia/Tokyo')).toBe('Mar 6');
	});

	it('ignores an unknown zone name', () => {
		setDisplayTimeZone('Asia/Tokyo');
		setDisplayTimeZone('Nowhere/Special');
		expect(displayTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
		expect(shortDay(null)).toBe('—');
	});
});
