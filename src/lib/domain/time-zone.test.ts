import { describe, expect, it } from 'vitest';
import { customerMessage } from './messages';
import { evaluateStorage } from './storage';
import { billingAt, seedBilling } from './storage-policy';
import { confirm, intake, load, run } from '../../testing/domain/fixtures';
import {
	addDays,
	endOfLocalDate,
	startOfLocalDate,
	wallTimeToInstant,
	endOfDay,
	formatDateTime,
	formatDay,
	isValidTimeZone,
	localDate,
	startOfDay,
	wholeDaysBetween,
	zoneOffsetMs
} from './time-zone';

const H = 3_600_000;
const LA = 'America/Los_Angeles';
const TOKYO = 'Asia/Tokyo';
const AKL = 'Pacific/Auckland';
const LONDON = 'Europe/London';

// Each test names instants in UTC; nothing may depend on the Vitest process's own TZ.
describe('studio time zone helpers', () => {
	it('validates IANA names with Intl', () => {
		expect(isValidTimeZone(LA)).toBe(true);
		expect(isValidTimeZone('Not/AZone')).toBe(false);
		expect(isValidTimeZone('')).toBe(false);
	});

	it('puts one instant on different studio days either side of UTC', () => {
		const t = '2026-03-05T20:00:00.000Z';
		expect(localDate(t, LA)).toBe('2026-03-05');
		expect(localDate(t, TOKYO)).toBe('2026-03-06');
		expect(startOfDay(t, LA)).toBe('2026-03-05T08:00:00.000Z');
		expect(endOfDay(t, LA)).toBe('2026-03-06T07:59:59.999Z');
		expect(startOfDay(t, TOKYO)).toBe('2026-03-05T15:00:00.000Z');
		expect(endOfDay(t, TOKYO)).toBe('2026-03-06T14:59:59.999Z');
		expect(formatDay(t, LA)).toBe('Thu, Mar 5');
		expect(formatDay(t, TOKYO)).toBe('Fri, Mar 6');
		expect(formatDateTime(t, AKL)).toBe('Mar 6, 9:00 AM');
	});

	it('has 23 h and 25 h days across DST changes (US spring, NZ autumn, EU spring)', () => {
		// US clocks go forward on Sun 2026-03-08.
		const laDay = '2026-03-08T12:00:00.000Z';
		expect(Date.parse(endOfDay(laDay, LA)) + 1 - Date.parse(startOfDay(laDay, LA))).toBe(23 * H);
		expect(zoneOffsetMs(Date.parse('2026-03-07T12:00:00.000Z'), LA)).toBe(-8 * H);
		expect(zoneOffsetMs(Date.parse('2026-03-09T12:00:00.000Z'), LA)).toBe(-7 * H);
		// New Zealand clocks go back on Sun 2026-04-05.
		const aklDay = '2026-04-05T00:00:00.000Z';
		expect(Date.parse(endOfDay(aklDay, AKL)) + 1 - Date.parse(startOfDay(aklDay, AKL))).toBe(
			25 * H
		);
		// London goes forward on Sun 2026-03-29: 18:00 local on the 28th is 18:00Z, on the 29th 17:00Z.
		expect(addDays('2026-03-28T18:00:00.000Z', 1, LONDON)).toBe('2026-03-29T17:00:00.000Z');
		expect(wholeDaysBetween('2026-03-28T18:00:00.000Z', '2026-03-29T17:30:00.000Z', LONDON)).toBe(
			1
		);
		expect(wholeDaysBetween('2026-03-28T18:00:00.000Z', '2026-03-29T17:30:00.000Z', 'UTC')).toBe(0);
	});
});

describe('storage across a DST change, in the studio zone', () => {
	// Ready 2026-02-17 20:00 PST (04:00Z on the 18th): 19.25 covered days run across the US switch.
	const READY = '2026-02-18T04:00:00.000Z';
	const ready = (tz: string) =>
		run(
			intake('res-dst', { estimatedHalfShelves: 2, assignedStationId: 'studio-kiln-a' }),
			[confirm, load('loaded')],
			{
				now: READY,
				timeZone: tz
			}
		);

	it('counts billed days as studio days: 19 days + 6 h covered, then same wall clock each day', () => {
		const b = seedBilling(ready(LA), READY, LA);
		// 19 studio days after 20:00 PST on 02-17 is 20:00 PDT on 03-08 (03:00Z on 03-09), plus 6 h.
		expect(b.graceEndsAt).toBe('2026-03-09T09:00:00.000Z');
		expect(billingAt(b, '2026-03-10T08:59:00.000Z', LA).billedDays).toBe(0);
		expect(billingAt(b, '2026-03-10T09:00:00.000Z', LA)).toMatchObject({
			billedDays: 1,
			accruedCost: 3
		});
		// The same card in Tokyo (no DST) is an hour apart in UTC.
		const t = seedBilling(ready(TOKYO), READY, TOKYO);
		expect(t.graceEndsAt).toBe('2026-03-09T10:00:00.000Z');
	});

	it('opens the pickup window to the end of the 14th studio day, and says so in the zone', () => {
		const la = ready(LA);
		expect(la.pickupWindow?.confirmedEnd).toBe('2026-03-04T07:59:59.999Z');
		const tk = ready(TOKYO);
		expect(tk.pickupWindow?.confirmedEnd).toBe('2026-03-04T14:59:59.999Z');
		expect(customerMessage('ready_for_pickup', la, LA).body).toContain(
			'Please collect it by Tue, Mar 3.'
		);
		expect(customerMessage('ready_for_pickup', tk, TOKYO).body).toContain(
			'Please collect it by Wed, Mar 4.'
		);
	});

	it('the evaluator misses the window only after its last studio day', () => {
		const la = ready(LA);
		expect(
			evaluateStorage(la, '2026-03-04T07:00:00.000Z', LA).reservation.pickupWindow?.status
		).toBe('open');
		expect(
			evaluateStorage(la, '2026-03-04T08:00:00.000Z', LA).reservation.pickupWindow?.status
		).toBe('missed');
	});
});

describe('form dates read in the studio zone', () => {
	it('turns a picked day or time into the studio instant', () => {
		expect(startOfLocalDate('2026-03-08', LA)).toBe('2026-03-08T08:00:00.000Z');
		expect(endOfLocalDate('2026-03-08', LA)).toBe('2026-03-09T06:59:59.999Z');
		expect(startOfLocalDate('2026-03-08', TOKYO)).toBe('2026-03-07T15:00:00.000Z');
		expect(wallTimeToInstant('2026-03-29T12:30', LONDON)).toBe('2026-03-29T11:30:00.000Z');
		expect(() => wallTimeToInstant('tomorrow', LA)).toThrow();
	});
});

describe('day boundaries hold for every day of a year, in zones with unusual changes', () => {
	// Santiago changes at midnight (a day can start at 01:00); Lord Howe shifts by 30 minutes.
	const zones = [LA, TOKYO, AKL, LONDON, 'America/Santiago', 'Australia/Lord_Howe'];
	it.each(zones)('%s: startOfDay/endOfDay bracket exactly one studio day', (zone) => {
		let t = Date.parse('2026-01-01T12:00:00.000Z');
		for (let i = 0; i < 366; i++, t += 86_400_000) {
			const at = new Date(t).toISOString();
			const day = localDate(at, zone);
			const start = Date.parse(startOfDay(at, zone));
			const end = Date.parse(endOfDay(at, zone));
			expect(localDate(new Date(start).toISOString(), zone)).toBe(day);
			expect(localDate(new Date(start - 1).toISOString(), zone)).not.toBe(day);
			expect(localDate(new Date(end).toISOString(), zone)).toBe(day);
			expect(localDate(new Date(end + 1).toISOString(), zone)).not.toBe(day);
			expect(end + 1 - start).toBeGreaterThanOrEqual(23 * H);
			expect(end + 1 - start).toBeLessThanOrEqual(25 * H);
		}
	});

	it('a wall time in a DST gap moves on past the gap', () => {
		// 02:30 on 2026-03-08 never happens in Los Angeles: it reads as 03:30 PDT.
		expect(wallTimeToInstant('2026-03-08T02:30', LA)).toBe('2026-03-08T10:30:00.000Z');
	});
});
