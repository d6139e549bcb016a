import { describe, expect, it } from 'vitest';
import { serverReservation } from '../../testing/client/test-support';
import { SINCE_KEY, countNew, isNewRequest, seenState } from './new-requests';

const at = (r: ReturnType<typeof serverReservation>, createdAt: string) => ({ ...r, createdAt });

describe('new requests', () => {
	const before = at(serverReservation('R-old'), '2026-11-20T09:00:00.000Z');
	const after = at(serverReservation('R-new'), '2026-11-26T09:00:00.000Z');
	const opened = at(serverReservation('R-opened'), '2026-11-26T10:00:00.000Z');
	const seen = seenState([
		{ id: SINCE_KEY, at: '2026-11-25T00:00:00.000Z' },
		{ id: 'R-opened', at: '2026-11-26T11:00:00.000Z' }
	]);

	it('a request that arrived after the kiosk began noticing is new until opened here', () => {
		expect(isNewRequest(after, seen)).toBe(true);
		expect(isNewRequest(opened, seen)).toBe(false);
		expect(isNewRequest(before, seen)).toBe(false);
		expect(countNew([before, after, opened], seen)).toBe(1);
	});

	it('only requests: a confirmed or archived card is never new', () => {
		expect(isNewRequest({ ...after, status: 'CONFIRMED' }, seen)).toBe(false);
		expect(isNewRequest({ ...after, isArchived: true }, seen)).toBe(false);
	});

	it('nothing is new before the kiosk knows when it began noticing', () => {
		expect(isNewRequest(after, seenState([]))).toBe(false);
	});
});
