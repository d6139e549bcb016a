import { z } from 'zod';
import { Action, IntakePayload, isRecordAction } from '../../lib/domain/actions';
import { applyAction, type Applied, type ApplyResult } from '../../lib/domain/apply';
import type { ApplyContext } from '../../lib/domain/context';
import { PriceTable } from '../../lib/domain/fees';
import type { ActorRole, Reservation } from '../../lib/domain/reservation';
import { DEMO_STATIONS, type Station } from '../../lib/domain/stations';

/** Test-only helpers: a context, actions parsed through the real schemas, chained applies. */
export const T0 = '2026-03-01T00:00:00.000Z';

/** A small price table (GBP minor units) for fee tests. */
export const TEST_PRICES: PriceTable = PriceTable.parse({
	version: 'test-1',
	currency: 'GBP',
	perHalfShelf: { bisque: 400, glaze: 650, other: 500 },
	heightSurcharge: { aboveTiers: 2, perHalfShelf: 150 },
	minimum: 1000,
	updatedAt: T0
});

export interface CtxOptions {
	now?: string;
	role?: ActorRole;
	uid?: string;
	requestId?: string;
	stations?: Station[];
	peers?: Reservation[];
	timeZone?: string;
	secret?: () => string;
	prices?: PriceTable | null;
}

let counter = 0;
let secretCounter = 0;
/** Distinct, deterministic secrets for tests (real callers pass a CSPRNG). */
export function testSecret(): string {
	const n = ++secretCounter;
	const mix = (x: number) =>
		(Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) >>> 0).toString(16).padStart(8, '0');
	return mix(n * 0x9e3779b1) + mix(n + 0x7f4a7c15);
}

export function makeCtx(o: CtxOptions = {}): ApplyContext {
	const peers = o.peers ?? [];
	return {
		now: o.now ?? T0,
		timeZone: o.timeZone ?? 'UTC',
		secret: o.secret ?? testSecret,
		actor: { uid: o.uid ?? 'staff-sam', role: o.role ?? 'staff' },
		requestId: o.requestId ?? `dev_test:${++counter}`,
		stations: o.stations ?? DEMO_STATIONS,
		stationPeers: (id) => peers.filter((p) => p.assignedStationId === id && !p.isArchived),
		prices: o.prices ?? null
	};
}

type ActionInput = z.input<typeof Action>;

export function act(r: Reservation | null, action: ActionInput, o: CtxOptions = {}): ApplyResult {
	const parsed = Action.parse(action);
	if (isRecordAction(parsed)) throw new Error('use applyStationAction / stepFiring');
	return applyAction(r, parsed, r?.id ?? 'res-new', makeCtx(o));
}

export function must(res: ApplyResult): Applied {
	if (!res.ok) throw new Error(`expected applied, got ${res.code}: ${res.message}`);
	return res;
}

export function intake(
	id: string,
	payload: Partial<z.input<typeof IntakePayload>> = {},
	o: CtxOptions = {}
): Reservation {
	const parsed = Action.parse({
		type: 'reservation.intake',
		payload: { ownerUid: 'cust-1', customerName: 'Ada Potter', ...payload }
	});
	if (parsed.type !== 'reservation.intake') throw new Error('unreachable');
	return must(applyAction(null, parsed, id, makeCtx(o))).reservation;
}

/** Applies actions in order, each must succeed; returns the final card. */
export function run(r: Reservation, actions: ActionInput[], o: CtxOptions = {}): Reservation {
	return actions.reduce((cur, a) => must(act(cur, a, o)).reservation, r);
}

export const confirm = { type: 'reservation.status', payload: { status: 'CONFIRMED' } } as const;
export const load = (loadStatus: 'queued' | 'loading' | 'loaded', reason?: string) =>
	({ type: 'reservation.load', payload: { loadStatus, reason: reason ?? null } }) as const;
export const assign = (assignedStationId: string) =>
	({ type: 'reservation.assign_station', payload: { assignedStationId } }) as const;

/** A confirmed card on a station, with a given size in half-shelves. */
export function onStation(
	id: string,
	stationId: string,
	half: number,
	extra: Partial<z.input<typeof IntakePayload>> = {}
): Reservation {
	return run(intake(id, { estimatedHalfShelves: half, assignedStationId: stationId, ...extra }), [
		confirm
	]);
}
