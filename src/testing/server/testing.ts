import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { Action } from '../../lib/domain/actions';
import {
	deviceAuthHeader,
	type PushResponse,
	type PullResponse,
	type WireAction
} from '../../lib/sync/contract';
import type { ServerDeps } from '../../lib/server/deps';
import { registerDevice } from '../../lib/server/devices';
import { silentLogger } from '../../lib/server/log';
import { migrate } from '../../lib/server/migrations';
import { handlePull } from '../../lib/server/pull';
import { handlePush } from '../../lib/server/push';
import { seedReference, signAsDemo } from '../../lib/server/seed';
import { createDeps } from '../../lib/server/server';
import { withTestHooks, type TestDeps } from './test-deps';
import { openPglite } from '../../lib/server/store/pglite';
import { openPostgres } from '../../lib/server/store/postgres';
import type { Store, StoreKind } from '../../lib/server/store/types';

/** Test-only helpers: a fresh schema per test, on PGlite and (when available) PostgreSQL. */
export const STORE_KINDS: StoreKind[] = process.env.TEST_DATABASE_URL
	? ['pglite', 'postgres']
	: ['pglite'];

let shared: Promise<PGlite> | null = null;

export async function freshStore(kind: StoreKind): Promise<Store> {
	const schema = `t_${randomBytes(6).toString('hex')}`;
	const store =
		kind === 'pglite'
			? await openPglite({ db: await (shared ??= PGlite.create()), schema, owned: false })
			: await openPostgres({ url: process.env.TEST_DATABASE_URL!, schema, max: 12 });
	await migrate(store);
	return {
		...store,
		close: async () => {
			await store.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => {});
			await store.close();
		}
	};
}

export interface Kiosk {
	deviceId: string;
	auth: string;
	push(actions: WireAction[]): Promise<{ status: number; body: PushResponse }>;
	pushUnsigned(actions: WireAction[]): Promise<{ status: number; body: PushResponse }>;
	pull(cursor: number): Promise<PullResponse>;
}

export async function enrolKiosk(deps: ServerDeps, label = 'Test kiosk'): Promise<Kiosk> {
	const made = await registerDevice(deps.store, label, 'admin-alex', deps.now());
	const auth = deviceAuthHeader(made.token);
	return {
		deviceId: made.deviceId,
		auth,
		// Like a real kiosk, supervisor/admin actions are signed by their (demo) PIN holder;
		// `pushUnsigned` is what a stolen token alone can send.
		push: async (actions) => {
			const signed = await Promise.all(actions.map((a) => signAsDemo(made.deviceId, a)));
			const r = await handlePush(
				deps,
				auth,
				JSON.stringify({ deviceId: made.deviceId, actions: signed })
			);
			return r as { status: number; body: PushResponse };
		},
		pushUnsigned: async (actions) => {
			const r = await handlePush(deps, auth, JSON.stringify({ deviceId: made.deviceId, actions }));
			return r as { status: number; body: PushResponse };
		},
		pull: async (cursor) => {
			const r = await handlePull(deps, auth, new URL(`http://x/api/sync/pull?cursor=${cursor}`));
			if (r.status !== 200) throw new Error(`pull ${r.status}: ${JSON.stringify(r.body)}`);
			return r.body as PullResponse;
		}
	};
}

/** A migrated store with the demo roster and stations (no reservations), plus deps. */
export async function testServer(kind: StoreKind): Promise<ServerDeps> {
	const store = await freshStore(kind);
	await seedReference(store);
	return createDeps(store, { log: silentLogger });
}

/** `testServer` wrapped as a KILNBOARD_TEST_HOOKS=1 start wraps it (fault switches, test clock). */
export async function testHooksServer(kind: StoreKind): Promise<TestDeps> {
	return withTestHooks(await testServer(kind));
}

let clock = Date.parse('2026-12-01T09:00:00.000Z');
const createdAt = () => new Date((clock += 1000)).toISOString();

export function wire(
	action: Action,
	meta: { rev: number; id: string | null; actor?: string; base?: number }
): WireAction {
	return {
		...action,
		queueRevision: meta.rev,
		actorUid: meta.actor ?? 'staff-sam',
		reservationId: meta.id,
		baseVersion: meta.base ?? 0,
		createdAt: createdAt()
	} as WireAction;
}

export const intake = (ownerUid = 'cust-maya', extra: Record<string, unknown> = {}): Action =>
	Action.parse({
		type: 'reservation.intake',
		payload: {
			ownerUid,
			customerName: 'Maya Okafor',
			firingType: 'glaze',
			intakeMode: 'SHELF_PURCHASE',
			shelfEquivalent: 0.5,
			estimatedHalfShelves: null,
			addOns: {},
			preferredWindow: { earliestDate: null, latestDate: null },
			notesGeneral: null,
			pieces: [{ pieceLabel: 'Mug', pieceCount: 2 }],
			assignedStationId: null,
			...extra
		}
	});

export const status = (
	s: 'CONFIRMED' | 'CANCELLED' | 'WAITLISTED',
	staffNotes: string | null = null
): Action =>
	Action.parse({
		type: 'reservation.status',
		payload: {
			status: s,
			staffNotes,
			expectation: s === 'WAITLISTED' ? { kind: 'tbd', reason: 'Kiln is full this week.' } : null
		}
	});

export const note = (staffNotes: string): Action =>
	Action.parse({ type: 'reservation.note', payload: { staffNotes } });

export async function count(store: Store, table: string): Promise<number> {
	const rows = await store.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
	return Number(rows[0].n);
}

/** Row counts of every table an applied action writes. */
export async function footprint(store: Store): Promise<Record<string, number>> {
	const tables = [
		'reservations',
		'stage_history',
		'change_log',
		'notifications',
		'fairness_audit',
		'storage_audit'
	];
	const out: Record<string, number> = {};
	for (const t of tables) out[t] = await count(store, t);
	return out;
}
