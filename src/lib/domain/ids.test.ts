import { describe, expect, it } from 'vitest';
import { MADE_RESERVATION_ID, newReservationId } from './ids';

describe('newReservationId', () => {
	it('makes one format from a UUID source, and still recognises the older prefix', () => {
		const id = newReservationId(() => '3F2504E0-4F89-41D3-9A0C-0305E82C3301');
		expect(id).toBe('rsv_3f2504e04f8941d39a0c0305e82c3301');
		expect(MADE_RESERVATION_ID.test(id)).toBe(true);
		expect(MADE_RESERVATION_ID.test('res_3f2504e04f8941d39a0c')).toBe(true);
		expect(() => newReservationId(() => 'not random')).toThrow();
	});
});
