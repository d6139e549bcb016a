// Shared fixtures for this folder's Vitest files (fake server, enrolled db). Not shipped.
import { Action } from '../domain/actions';
import { applyAction } from '../domain/apply';
import type { Reservation } from '../domain/reservation';
import { DEMO_STATIONS } from '../domain/stations';
import type { ActionResult, WireAction } from '../sync/contract';
import { KilnDb, setMeta } from './db';
import type { Timers } from './http';

let n = 0;
export const DEVICE = 'dev_testkiosk01';

export async function enrolledDb(): Promise<KilnDb> {
	const db = new KilnDb(`kb-test-${Date.now()}-${++n}`);
	await db.open();
	await setMeta(db, { deviceId: DEVICE, token: 'tok', label: 'Front desk' });
	await db.roster.bulkPut([
		{
			uid: 'staff-1',
			name: 'Sam',
			role: 'staff',
			active: true,
			pinSalt: 's',
			pinHash: 'h',
			pinKdf: 'scrypt:16:8:1'
		},
		{
			uid: 'sup-1',
			name: 'Sue',
			role: 'supervisor',
			active: true,
			pinSalt: 's',
			pinHash: 'h',
			pinKdf: 'scrypt:16:8:1'
		}
	]);
	return db;
}

export const intake = (customerName = 'Ada') =>
	Action.parse({ type: 'reservation.intake', payload: { ownerUid: 'cust-1', customerName } });
export const status = (s: string, staffNotes: string | null = null) =>
	Action.parse({ type: 'reservation.status', payload: { status: s, staffNotes } });
export const note = (staffNotes: string) =>
	Action.parse({ type: 'reservation.note', payload: { staffNotes } });

export const T0 = '2026-11-25T09:00:00.000Z';

export function serverReservation(id: string, name = 'Ada'): Reservation {
	const out = applyAction(
		null,
		intake(name) as Extract<Action, { type: 'reservation.intake' }>,
		id,
		ctx('seed')
	);
	if (!out.ok) throw new Error(out.message);
	return out.reservation;
}

function ctx(requestId: string) {
	return {
		now: T0,
		actor: { uid: 'staff-1', role: 'staff' as const },
		requestId,
		stations: DEMO_STATIONS,
		stationPeers: () => []
	};
}

type Fault =
	| { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
	| { kind: 'network' }
	/** The server commits, then the response is lost on the way back. */
	| { kind: 'drop_after_commit' }
	| { kind: 'hang' }
	/** A buggy server answering 200 without results. */
	| { kind: 'omit_results' };

/** A tiny idempotent server with the real domain rules, plus a fault queue. */
export class FakeServer {
	reservations = new Map<string, Reservation>();
	stored = new Map<number, ActionResult>();
	applyCount = new Map<number, number>();
	faults: Fault[] = [];
	pushes: WireAction[][] = [];
	pulls = 0;

	fetch = async (url: string, init?: RequestInit): Promise<Response> => {
		const fault = url.includes('/push') ? this.faults.shift() : undefined;
		if (fault?.kind === 'network') throw new TypeError('Failed to fetch');
		if (fault?.kind === 'hang')
			return new Promise((_, reject) =>
				init?.signal?.addEventListener('abort', () =>
					reject(new DOMException('aborted', 'AbortError'))
				)
			);
		if (fault?.kind === 'status')
			return Response.json(fault.body ?? { error: { code: 'x', message: 'fault' } }, {
				status: fault.status,
				headers: fault.headers
			});
		if (url.includes('/api/sync/push')) {
			const body = JSON.parse(String(init?.body)) as { actions: WireAction[] };
			this.pushes.push(body.actions);
			const results = fault?.kind === 'omit_results' ? [] : this.apply(body.actions);
			if (fault?.kind === 'drop_after_commit') throw new TypeError('network connection lost');
			return Response.json({ results, serverTime: T0 });
		}
		if (url.includes('/api/sync/pull')) {
			this.pulls++;
			return Response.json({
				cursor: this.pulls,
				more: false,
				serverTime: T0,
				reservations: [...this.reservations.values()],
				stations: DEMO_STATIONS,
				notifications: [],
				fairnessAudit: [],
				storageAudit: [],
				roster: []
			});
		}
		return Response.json({ error: { code: 'not_found', message: 'no' } }, { status: 404 });
	};

	private apply(actions: WireAction[]): ActionResult[] {
		const rejected = new Map<string, number>();
		return actions.map((a) => {
			const seen = this.stored.get(a.queueRevision);
			if (seen) return { ...seen, replay: true };
			const id = a.reservationId ?? '';
			const current = this.reservations.get(id) ?? null;
			let result: ActionResult;
			if (rejected.has(id)) {
				result = refused(a.queueRevision, 'held', 'held', { blockedBy: rejected.get(id) }, current);
			} else {
				const out = applyAction(current, a as never, id, ctx(`${DEVICE}:${a.queueRevision}`));
				if (out.ok) {
					this.reservations.set(id, out.reservation);
					this.applyCount.set(a.queueRevision, (this.applyCount.get(a.queueRevision) ?? 0) + 1);
					result = {
						queueRevision: a.queueRevision,
						status: 'applied',
						replay: false,
						noop: out.noop,
						reservation: out.reservation,
						appliedAt: T0
					};
				} else {
					rejected.set(id, a.queueRevision);
					result = refused(
						a.queueRevision,
						'rejected',
						out.code,
						out.details ?? null,
						current,
						out.message
					);
				}
			}
			this.stored.set(a.queueRevision, result);
			return result;
		});
	}
}

function refused(
	rev: number,
	status: 'rejected' | 'held',
	code: string,
	details: Record<string, unknown> | null,
	current: Reservation | null,
	message = 'refused'
): ActionResult {
	return {
		queueRevision: rev,
		status,
		replay: false,
		code,
		message,
		details,
		reservation: current,
		appliedAt: T0
	};
}

/** Timers that only fire when the test says so. */
export class ManualTimers implements Timers {
	private next = 1;
	pending = new Map<number, { fn: () => void; ms: number }>();
	setTimeout(fn: () => void, ms: number) {
		const id = this.next++;
		this.pending.set(id, { fn, ms });
		return id;
	}
	clearTimeout(h: unknown) {
		this.pending.delete(h as number);
	}
	/** Delays of scheduled timers, excluding request timeouts (≥ the 15 s request timeout is fine to include). */
	delays() {
		return [...this.pending.values()].map((t) => t.ms);
	}
	fireAll() {
		const all = [...this.pending.values()];
		this.pending.clear();
		for (const t of all) t.fn();
	}
}
