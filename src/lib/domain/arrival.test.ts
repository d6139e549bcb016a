import { describe, expect, it } from 'vitest';
import { arrivalCodeFromSecret, arrivalCodeMatches, normalizeArrivalCode } from './arrival-code';
import { act, confirm, intake, must, run, T0 } from '../../testing/domain/fixtures';

const checkIn = (code: string | null = null) =>
	({ type: 'reservation.arrival', payload: { action: 'check_in', code } }) as const;
const reissue = { type: 'reservation.arrival', payload: { action: 'reissue_code' } } as const;

describe('arrival codes', () => {
	it('have the MF-ARR-XXXX-XXXX form, every character from the secret', () => {
		const a = arrivalCodeFromSecret('fffff00000');
		expect(a).toBe('MF-ARR-ZZZZ-0000');
		expect(arrivalCodeFromSecret('0123456789abcdef')).toMatch(/^MF-ARR-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
		expect(() => arrivalCodeFromSecret('abc')).toThrow();
		expect(normalizeArrivalCode(' mf-arr-12cd-0a1b ')).toBe('MFARR12CD0A1B');
	});

	it('cannot be worked out from the id and version: the same card gets a different code per secret', () => {
		const card = intake('res-guess');
		const a = must(act(card, confirm, { secret: () => '1111122222aaaa' })).reservation;
		const b = must(act(card, confirm, { secret: () => '99999fffffbbbb' })).reservation;
		expect(a.arrivalTokenVersion).toBe(b.arrivalTokenVersion);
		expect(a.arrivalToken).not.toBe(b.arrivalToken);
		expect(a.arrivalToken).toBe(arrivalCodeFromSecret('1111122222'));
	});

	it('are compared as a secret: normalized, all-or-nothing, nothing revealed in a refusal', () => {
		const stored = arrivalCodeFromSecret('abcde01234');
		expect(arrivalCodeMatches(stored.toLowerCase().replace(/-/g, ' '), stored)).toBe(true);
		expect(arrivalCodeMatches(stored.slice(0, -1), stored)).toBe(false);
		expect(arrivalCodeMatches('', null)).toBe(false);
		const r = run(intake('res-secret'), [confirm], { now: T0 });
		const out = act(r, checkIn('MF-ARR-0000-0000'));
		expect(out.ok).toBe(false);
		expect(JSON.stringify(out)).not.toContain(r.arrivalToken!);
		expect(JSON.stringify(out)).not.toContain(normalizeArrivalCode(r.arrivalToken!));
	});

	it('expire at the future preferred latest date, else 36 h after issue', () => {
		const r = run(intake('res-x'), [confirm], { now: T0 });
		expect(r.arrivalTokenExpiresAt).toBe('2026-03-02T12:00:00.000Z');
		const w = run(
			intake('res-y', {
				preferredWindow: { earliestDate: null, latestDate: '2026-03-09T00:00:00.000Z' }
			}),
			[confirm],
			{ now: T0 }
		);
		expect(w.arrivalTokenExpiresAt).toBe('2026-03-09T00:00:00.000Z');
	});
});

describe('check-in', () => {
	const confirmed = () => run(intake('res-arr9'), [confirm], { now: T0 });

	it('by code (normalized) sets arrived; repeating is a noop', () => {
		const r = confirmed();
		const out = must(
			act(r, checkIn(r.arrivalToken!.toLowerCase().replace(/-/g, ' ')), {
				now: '2026-03-01T10:00:00.000Z'
			})
		);
		expect(out.reservation).toMatchObject({
			arrivalStatus: 'arrived',
			arrivedAt: '2026-03-01T10:00:00.000Z'
		});
		expect(out.reservation.stageHistory.at(-1)?.reason).toBe('arrival_token_checkin');
		expect(out.reservation.fieldVersions.arrival).toBe(out.reservation.version);
		expect(must(act(out.reservation, checkIn())).noop).toBe(true);
	});

	it('refuses a wrong or expired code, and unconfirmed work', () => {
		const r = confirmed();
		expect(act(r, checkIn('MF-ARR-0000-0000'))).toMatchObject({ ok: false, code: 'invalid' });
		expect(act(r, checkIn(r.arrivalToken), { now: '2026-03-05T00:00:00.000Z' })).toMatchObject({
			ok: false,
			code: 'invalid'
		});
		expect(act(intake('q'), checkIn())).toMatchObject({ ok: false, code: 'conflict' });
	});

	it('from the card needs no code', () => {
		expect(must(act(confirmed(), checkIn())).reservation.stageHistory.at(-1)?.reason).toBe(
			'arrival_checkin'
		);
	});

	it('reissue bumps the version and replaces the code; the old one stops working', () => {
		const r = confirmed();
		const n = must(act(r, reissue)).reservation;
		expect(n.arrivalTokenVersion).toBe(r.arrivalTokenVersion + 1);
		expect(n.arrivalToken).not.toBe(r.arrivalToken);
		expect(act(n, checkIn(r.arrivalToken))).toMatchObject({ ok: false, code: 'invalid' });
	});
});
