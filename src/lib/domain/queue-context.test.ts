import { describe, expect, it } from 'vitest';
import { currentMessageKind, customerMessage, queueContextLine, statusPageCopy } from './messages';
import { queueContext } from './queue-context';
import type { Reservation } from './reservation';
import { DEMO_STATIONS, type Station } from './stations';
import { confirm, intake, load, onStation, run, T0 } from '../../testing/domain/fixtures';

const peersOf = (cards: Reservation[]) => (s: string) =>
	cards.filter((c) => c.assignedStationId === s);

describe('queue context for customers', () => {
	it('counts the firings ranked ahead on the card’s kiln, in ETA bands', () => {
		const ahead = ['a1', 'a2', 'a3'].map((id) => onStation(id, 'studio-kiln-a', 1));
		const mine = run(
			intake('m1', { estimatedHalfShelves: 1, assignedStationId: 'studio-kiln-a' }),
			[confirm]
		);
		const all = [...ahead, mine];
		const c = queueContext(mine, DEMO_STATIONS, peersOf(all), T0);
		// 4th in line: band 1 of two-day bands, so 2–4 days.
		expect(c).toEqual({ kind: 'estimate', ahead: 3, minDays: 2, maxDays: 4, provisional: false });
		expect(queueContextLine(c)).toBe('About 3 firings ahead of yours: usually fired in 2–4 days.');
	});

	it('before placement, ranks the work on the station the board would suggest', () => {
		// Kiln A is the fullest; the suggested kiln is the one with most room.
		const busy = ['b1', 'b2'].map((id) => onStation(id, 'studio-kiln-a', 3));
		const other = onStation('o1', 'studio-kiln-b', 1);
		const req = intake('r1', { estimatedHalfShelves: 1 });
		const two: Station[] = DEMO_STATIONS.slice(0, 2);
		const c = queueContext(req, two, peersOf([...busy, other]), T0);
		// Kiln B (7 free) wins; a REQUESTED card ranks after the confirmed one there.
		expect(c).toEqual({ kind: 'estimate', ahead: 1, minDays: 0, maxDays: 2, provisional: true });
		expect(queueContextLine(c)).toBe(
			'About 1 firing ahead of yours: usually fired within 2 days (an estimate until the studio places it on a kiln).'
		);
	});

	it('is a stable "to be confirmed" with the reason when it cannot be estimated', () => {
		const full = DEMO_STATIONS.map((s, i) => onStation(`f${i}`, s.id, 8));
		const big = intake('big', { estimatedHalfShelves: 4 });
		const noRoom = queueContext(big, DEMO_STATIONS, peersOf(full), T0);
		expect(noRoom).toEqual({ kind: 'tbd', reason: 'no_room' });
		expect(queueContextLine(noRoom)).toMatch(
			/^Your place in line: to be confirmed — no kiln has room/
		);
		const wait = run(intake('w1'), [
			{
				type: 'reservation.status',
				payload: {
					status: 'WAITLISTED',
					expectation: { kind: 'tbd', reason: 'Kiln A is being repaired' }
				}
			}
		]);
		expect(queueContext(wait, DEMO_STATIONS, peersOf([]), T0)).toEqual({
			kind: 'tbd',
			reason: 'waitlisted'
		});
		const loaded = run(onStation('l1', 'studio-kiln-a', 1), [load('loaded')]);
		expect(queueContext(loaded, DEMO_STATIONS, peersOf([loaded]), T0)).toEqual({
			kind: 'tbd',
			reason: 'not_in_queue'
		});
	});
});

describe('status page copy', () => {
	it('heads with the words of the message for the current state', () => {
		const req = intake('s1', { estimatedHalfShelves: 1 });
		const conf = run(req, [confirm]);
		const ready = run(onStation('s2', 'studio-kiln-a', 3), [load('loaded')]);
		const ctx = queueContext(conf, DEMO_STATIONS, peersOf([conf]), T0);
		for (const [r, kind] of [
			[req, 'request_received'],
			[conf, 'confirmed'],
			[ready, 'ready_for_pickup']
		] as const) {
			expect(currentMessageKind(r)).toBe(kind);
			const page = statusPageCopy(r, 'UTC', ctx);
			const msg = customerMessage(kind, r, 'UTC');
			expect(page.title).toBe(msg.title);
			// The message adds only the reference after the same body.
			expect(msg.body).toBe(`${page.body} Your reference: ${page.reference}.`);
			expect(Object.values(page).join(' ')).not.toMatch(/rsv_|cust-1|staff|undefined|null\b/);
		}
		const readyPage = statusPageCopy(ready, 'UTC', ctx);
		expect(readyPage.queue).toBe('');
		expect(readyPage.storage).toContain('free until');
		expect(readyPage.halfShelves).toBe('3 half-shelves');
		expect(statusPageCopy(req, 'UTC', ctx).halfShelves).toBe('1 half-shelf');
	});
});
