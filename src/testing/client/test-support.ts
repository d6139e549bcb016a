// Shared fixtures for this folder's Vitest files (the real server on PGlite, an enrolled db).
// Not shipped.
import { Action } from '../../lib/domain/actions';
import { applyAction } from '../../lib/domain/apply';
import type { Reservation } from '../../lib/domain/reservation';
import { DEMO_STATIONS } from '../../lib/domain/stations';
import type { PushResponse, WireAction } from '../../lib/sync/contract';
import type { ServerDeps } from '../../lib/server/deps';
import { registerDevice, revokeDevice } from '../../lib/server/devices';
import { toResponse } from '../../lib/server/http';
import { handlePull } from '../../lib/server/pull';
import { handlePush } from '../../lib/server/push';
import { loadReservation } from '../../lib/server/reservation-rows';
import { enrolKiosk, testServer } from '../server/testing';
import { KilnDb, setMeta } from '../../lib/client/db';
import type { Timers } from '../../lib/client/http';

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
		timeZone: 'UTC',
		secret: () => '0123456789abcdef',
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

/**
 * The REAL server for the kiosk's tests: `handlePush` / `handlePull` on a migrated in-memory
 * PGlite store, with the demo roster plus this folder's test staff. The only thing simulated is
 * the network in between (`faults`: lost, hung or proxy-refused requests), never the rules.
 */
export class RealServer {
	/** Every push body that reached the server's handler. */
	pushes: WireAction[][] = [];
	/** How many times each revision was applied for the first time (1 = exactly once). */
	applyCount = new Map<number, number>();
	faults: Fault[] = [];
	pulls = 0;
	private constructor(
		readonly deps: ServerDeps,
		readonly deviceId: string,
		readonly token: string
	) {}

	static async start(): Promise<RealServer> {
		const deps = await testServer('pglite');
		for (const [uid, name, role] of [
			['staff-1', 'Sam', 'staff'],
			['sup-1', 'Sue', 'supervisor']
		])
			await deps.store.query(
				"INSERT INTO people (uid, name, kind, role, active) VALUES ($1, $2, 'staff', $3, true)",
				[uid, name, role]
			);
		const made = await registerDevice(deps.store, 'Front desk', 'admin-alex', deps.now());
		return new RealServer(deps, made.deviceId, made.token);
	}

	close() {
		return this.deps.store.close();
	}

	/** An IndexedDB kiosk enrolled with this server's device credential. */
	async kioskDb(): Promise<KilnDb> {
		const db = await enrolledDb();
		await setMeta(db, { deviceId: this.deviceId, token: this.token });
		return db;
	}

	/** The server's current copy of a card (read through the store, not a kiosk). */
	async reservation(id: string): Promise<Reservation | null> {
		return loadReservation(this.deps.store, id);
	}

	/** Another enrolled kiosk acting on the server (e.g. cancelling a card meanwhile). */
	async otherKiosk(action: Action, reservationId: string, baseVersion: number): Promise<void> {
		const other = await enrolKiosk(this.deps, 'Other kiosk');
		const res = await other.push([
			{
				...action,
				queueRevision: 1,
				actorUid: 'staff-1',
				reservationId,
				baseVersion,
				createdAt: T0
			} as WireAction
		]);
		if (res.body.results[0]?.status !== 'applied')
			throw new Error(`other kiosk's action was not applied: ${JSON.stringify(res.body)}`);
	}

	revoke() {
		return revokeDevice(this.deps.store, this.deviceId, this.deps.now());
	}

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
		const auth = new Headers(init?.headers).get('authorization');
		if (url.includes('/api/sync/push')) {
			const text = String(init?.body);
			this.pushes.push((JSON.parse(text) as { actions: WireAction[] }).actions);
			const reply = await handlePush(this.deps, auth, text);
			if (reply.status === 200)
				for (const r of (reply.body as PushResponse).results)
					if (r.status === 'applied' && !r.replay)
						this.applyCount.set(r.queueRevision, (this.applyCount.get(r.queueRevision) ?? 0) + 1);
			if (fault?.kind === 'drop_after_commit') throw new TypeError('network connection lost');
			if (fault?.kind === 'omit_results' && reply.status === 200)
				return Response.json({ ...(reply.body as object), results: [] });
			return toResponse(reply);
		}
		if (url.includes('/api/sync/pull')) {
			this.pulls++;
			return toResponse(await handlePull(this.deps, auth, new URL(url, 'http://kiosk.test')));
		}
		return Response.json({ error: { code: 'not_found', message: 'no' } }, { status: 404 });
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
