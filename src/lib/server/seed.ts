import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { Action } from '../domain/actions';
import type { Role } from '../domain/reservation';
import { DEMO_STATIONS } from '../domain/stations';
import type { WireAction } from '../sync/contract';
import { PIN_KDF, signAction } from '../sync/pin';
import { applyOne } from './apply-one';
import { hashSecret } from './device-token';
import { silentLogger, type Logger } from './log';
import { derivePinKeysNative } from './pins';
import { demoPriceTable, savePrices, studioCurrency } from './prices';
import type { Store } from './store/types';

export const SEED_DEVICE = 'dev_seed_studio';
export const SEED_BASE = Date.parse('2026-11-20T08:00:00.000Z');

export const DEMO_STAFF: { uid: string; name: string; role: Role; pin: string; active: boolean }[] =
	[
		{ uid: 'staff-sam', name: 'Sam Rivera', role: 'staff', pin: '1111', active: true },
		{ uid: 'sup-jo', name: 'Jo Park', role: 'supervisor', pin: '222222', active: true },
		{ uid: 'admin-alex', name: 'Alex Chen', role: 'admin', pin: '333333', active: true },
		{ uid: 'staff-former', name: 'Riley Former', role: 'staff', pin: '4444', active: false }
	];

export const DEMO_CUSTOMERS = [
	['cust-maya', 'Maya Okafor'],
	['cust-leo', 'Leo Brandt'],
	['cust-ines', 'Inés Duarte'],
	['cust-tom', 'Tom Whitaker'],
	['cust-aiko', 'Aiko Tanaka'],
	['cust-nora', 'Nora Lindqvist'],
	['cust-dev', 'Dev Malhotra'],
	['cust-ruth', 'Ruth Abernathy'],
	['cust-sol', 'Sol Ramirez'],
	['cust-kai', 'Kai Mendes']
] as const;

const PIECES = ['Mug', 'Bowl', 'Vase', 'Plate', 'Planter', 'Teapot', 'Jar', 'Tile set'];
const FIRINGS = ['bisque', 'glaze', 'other'] as const;
export const SEED_RESERVATIONS = 64;

// Deterministic salts keep the seeded store identical run to run.
const demoSalt = (uid: string) =>
	createHash('sha256').update(`kilnboard-demo:${uid}`).digest('hex').slice(0, 32);
const at = (hours: number) => new Date(SEED_BASE + hours * 3_600_000).toISOString();

// The demo salts are fixed, so each demo person's keys are derived once per process (the KDF is
// deliberately slow, and tests seed many stores and sign many demo actions).
const demoKeys = new Map<string, ReturnType<typeof derivePinKeysNative>>();
function keysOf(p: (typeof DEMO_STAFF)[number]) {
	let keys = demoKeys.get(p.uid);
	if (!keys) demoKeys.set(p.uid, (keys = derivePinKeysNative(p.pin, demoSalt(p.uid))));
	return keys;
}

/** A demo person's proof key (from their demo PIN), or null for unknown uids. */
export async function demoProofKey(uid: string): Promise<string | null> {
	const p = DEMO_STAFF.find((s) => s.uid === uid);
	return p ? (await keysOf(p)).proofKey : null;
}

/** Signs a wire action as its (demo) actor would on an unlocked kiosk; staff need no proof. */
export async function signAsDemo(deviceId: string, a: WireAction): Promise<WireAction> {
	const role = DEMO_STAFF.find((s) => s.uid === a.actorUid)?.role;
	if (!role || role === 'staff' || a.proof) return a;
	const key = await demoProofKey(a.actorUid);
	return key ? { ...a, proof: signAction(key, deviceId, a) } : a;
}

/** Stations, demo staff (with PINs), customers and the seed device. Idempotent. */
export async function seedReference(store: Store): Promise<void> {
	for (const [i, s] of DEMO_STATIONS.entries()) {
		await store.query(
			'INSERT INTO stations (id, position, doc) VALUES ($1, $2, $3::jsonb) ON CONFLICT (id) DO NOTHING',
			[s.id, i, JSON.stringify(s)]
		);
	}
	await savePrices(store, demoPriceTable(studioCurrency(), at(0)), false);
	for (const p of DEMO_STAFF) {
		const salt = demoSalt(p.uid);
		const keys = await keysOf(p);
		await store.query(
			`INSERT INTO people (uid, name, kind, role, active, pin_salt, pin_hash, pin_kdf, pin_proof_key)
			 VALUES ($1, $2, 'staff', $3, $4, $5, $6, $7, $8) ON CONFLICT (uid) DO NOTHING`,
			[p.uid, p.name, p.role, p.active, salt, keys.verifier, PIN_KDF, keys.proofKey]
		);
	}
	for (const [uid, name] of DEMO_CUSTOMERS) {
		await store.query(
			`INSERT INTO people (uid, name, kind) VALUES ($1, $2, 'customer') ON CONFLICT (uid) DO NOTHING`,
			[uid, name]
		);
	}
	// The seed's actions are credited to this device; it has no usable credential.
	await store.query(
		`INSERT INTO devices (id, label, token_hash, enrolled_by, enrolled_at, revoked_at)
		 VALUES ($1, 'Demo seed', $2, NULL, $3, $3) ON CONFLICT (id) DO NOTHING`,
		[SEED_DEVICE, hashSecret(createHash('sha256').update(SEED_DEVICE).digest('hex')), at(0)]
	);
}

// Written as inputs so schema defaults (added fields) fill in; parsed before applying.
type Step = { actor: string; action: z.input<typeof Action>; hours: number };

/** The demo intake of reservation i (the seed's and the benchmark's walk-ins are the same). */
export function demoIntake(i: number, station: string | null): z.input<typeof Action> {
	const [ownerUid, customerName] = DEMO_CUSTOMERS[i % DEMO_CUSTOMERS.length];
	return {
		type: 'reservation.intake',
		payload: {
			ownerUid,
			customerName,
			firingType: FIRINGS[i % 3],
			intakeMode: 'SHELF_PURCHASE',
			shelfEquivalent: 0.5,
			estimatedHalfShelves: null,
			addOns: { rushRequested: i % 11 === 0 },
			preferredWindow: { earliestDate: null, latestDate: null },
			notesGeneral: i % 5 === 0 ? 'Customer asked for cone 6 glaze firing if possible.' : null,
			pieces: Array.from({ length: 1 + (i % 3) }, (_, k) => ({
				pieceLabel: PIECES[(i + k) % PIECES.length],
				pieceCount: 1 + ((i + k) % 4),
				// Every fourth walk-in had its first piece measured and a cone asked for.
				...(k === 0 && i % 4 === 0 ? { heightCm: 10 + (i % 12), cone: '6' } : {})
			})),
			assignedStationId: station
		}
	};
}

/** The story of reservation i: intake, then (by i mod 8) confirm, load, waitlist, cancel, notes. */
function planFor(i: number): Step[] {
	const kind = i % 8;
	const confirmed = kind >= 2 && kind <= 5;
	const station = confirmed && i < 48 ? DEMO_STATIONS[i % DEMO_STATIONS.length].id : null;
	const steps: Step[] = [{ actor: 'staff-sam', hours: i, action: demoIntake(i, station) }];
	const later = (hours: number, actor: string, action: z.input<typeof Action>) =>
		steps.push({ actor, action, hours: i + hours });
	if (kind === 1)
		later(0.5, 'staff-sam', {
			type: 'reservation.note',
			payload: { staffNotes: 'Waiting for the customer to confirm glaze colours.' }
		});
	if (confirmed)
		later(1, 'staff-sam', {
			type: 'reservation.status',
			payload: { status: 'CONFIRMED', staffNotes: null, expectation: null }
		});
	// Loading needs a station; unplaced confirmed work stays queued.
	if ((kind === 4 || kind === 5) && station)
		later(2, 'staff-sam', {
			type: 'reservation.load',
			payload: { loadStatus: 'loading', reason: null }
		});
	if (kind === 5 && station)
		later(3, 'staff-sam', {
			type: 'reservation.load',
			payload: { loadStatus: 'loaded', reason: null }
		});
	if (kind === 6) {
		const expectation =
			i % 16 === 6
				? { kind: 'tbd' as const, reason: 'Glaze kiln booked solid until the element is replaced.' }
				: { kind: 'window' as const, targetStart: at(i + 72), targetEnd: at(i + 120) };
		later(1, 'sup-jo', {
			type: 'reservation.status',
			payload: { status: 'WAITLISTED', staffNotes: null, expectation }
		});
	}
	if (kind === 7) {
		if (i % 16 === 7)
			later(1, 'staff-sam', {
				type: 'reservation.status',
				payload: { status: 'CONFIRMED', staffNotes: null, expectation: null }
			});
		later(2, 'sup-jo', {
			type: 'reservation.status',
			payload: { status: 'CANCELLED', staffNotes: 'Customer withdrew the work.', expectation: null }
		});
	}
	return steps;
}

/**
 * The demo's firings (record actions: no reservation id): a past bisque firing of work already
 * loaded on Kiln B, taken through every step to unloaded, and a planned glaze firing of confirmed
 * work waiting on the electric kiln (it changes no card until staff start loading it).
 */
function firingSteps(): Step[] {
	const h = SEED_RESERVATIONS + 4;
	const past = 'fir_seed_kiln_b_1';
	const step = (hours: number, s: 'start_loading' | 'start_firing' | 'unload'): Step => ({
		actor: 'staff-sam',
		hours,
		action: { type: 'firing.step', payload: { firingId: past, step: s, outcomes: [], notes: null } }
	});
	return [
		{
			actor: 'staff-sam',
			hours: h,
			action: {
				type: 'firing.create',
				payload: {
					firingId: past,
					stationId: 'studio-kiln-b',
					firingType: 'bisque',
					targetCone: '04',
					programNotes: 'Candle overnight, medium speed.',
					plannedDate: at(h),
					reservationIds: ['KB-1030', 'KB-1038', 'KB-1046'],
					notes: null
				}
			}
		},
		step(h + 0.5, 'start_loading'),
		step(h + 1, 'start_firing'),
		step(h + 14, 'unload'),
		{
			actor: 'staff-sam',
			hours: h + 15,
			action: {
				type: 'firing.create',
				payload: {
					firingId: 'fir_seed_electric_1',
					stationId: 'studio-electric',
					firingType: 'glaze',
					targetCone: '6',
					programNotes: 'Slow cool from 1900°F.',
					plannedDate: at(h + 48),
					reservationIds: ['KB-1027', 'KB-1035', 'KB-1043'],
					notes: null
				}
			}
		}
	];
}

type HistoryStep = Step & { reservationId: string | null };

/**
 * Past weeks of the studio, for the reports: six firings in the weeks before the demo's start,
 * on every kiln, each of one walk-in with its own lead time from request to fired. Four were
 * picked up (so they no longer take room on their kiln): one after missing its pickup window and
 * getting a no-show, one with a late arrival recorded. Two were never collected, so the demo has
 * overdue storage (one billing, one reclaimed) and fees over more than one month. Kept small:
 * every step is applied at each first start.
 */
function historySteps(): HistoryStep[] {
	const out: HistoryStep[] = [];
	const batches: { station: string; weeksBefore: number; leadDays: number }[] = [
		{ station: 'studio-kiln-a', weeksBefore: 7, leadDays: 3 },
		{ station: 'studio-electric', weeksBefore: 6, leadDays: 12 },
		{ station: 'reduction-raku', weeksBefore: 5, leadDays: 2 },
		{ station: 'studio-kiln-a', weeksBefore: 4, leadDays: 15 },
		{ station: 'studio-kiln-b', weeksBefore: 3, leadDays: 4 },
		{ station: 'reduction-raku', weeksBefore: 2, leadDays: 7 }
	];
	batches.forEach((b, n) => {
		const fire = -b.weeksBefore * 168;
		const i = SEED_RESERVATIONS + n;
		const rid = `KB-${1001 + i}`;
		const firingId = `fir_seed_history_${n + 1}`;
		const card = (hours: number, actor: string, action: z.input<typeof Action>) =>
			out.push({ reservationId: rid, hours, actor, action });
		const firing = (hours: number, action: z.input<typeof Action>) =>
			out.push({ reservationId: null, hours, actor: 'staff-sam', action });
		const start = fire - b.leadDays * 24;
		card(start, 'staff-sam', demoIntake(i, b.station));
		card(start + 1, 'staff-sam', {
			type: 'reservation.status',
			payload: { status: 'CONFIRMED', staffNotes: null, expectation: null }
		});
		firing(fire - 2, {
			type: 'firing.create',
			payload: {
				firingId,
				stationId: b.station,
				firingType: n % 2 === 0 ? 'bisque' : 'glaze',
				targetCone: n % 2 === 0 ? '04' : '6',
				programNotes: null,
				plannedDate: at(fire),
				reservationIds: [rid],
				notes: null
			}
		});
		for (const [dh, step] of [
			[-1, 'start_loading'],
			[0, 'start_firing'],
			[14, 'unload']
		] as const)
			firing(fire + dh, {
				type: 'firing.step',
				payload: { firingId, step, outcomes: [], notes: null }
			});
		// Never collected: the electric kiln's and Kiln B's.
		if (n === 1 || n === 4) return;
		let collectAt = fire + 48;
		if (n === 2) {
			card(fire + 24, 'staff-sam', {
				type: 'reservation.pickup_window',
				payload: {
					action: 'staff_set_open_window',
					confirmedStart: at(fire + 24),
					confirmedEnd: at(fire + 72)
				}
			});
			card(fire + 74, 'staff-sam', {
				type: 'reservation.pickup_window',
				payload: { action: 'staff_mark_missed' }
			});
			card(fire + 75, 'sup-jo', {
				type: 'reservation.queue_fairness',
				payload: {
					action: 'record_no_show',
					reason: 'Did not come in the agreed pickup window.',
					evidence: 'pickup_miss'
				}
			});
			collectAt = fire + 100;
		}
		if (n === 3)
			card(fire + 30, 'sup-jo', {
				type: 'reservation.queue_fairness',
				payload: {
					action: 'record_late_arrival',
					reason: 'Came in after the agreed drop-off time.',
					evidence: 'arrival_record'
				}
			});
		card(collectAt, 'staff-sam', {
			type: 'reservation.pickup_window',
			payload: { action: 'staff_mark_completed' }
		});
	});
	return out;
}

export interface SeedSummary {
	actions: number;
	applied: number;
	refused: { queueRevision: number; code: string; message: string }[];
}

/**
 * The deterministic demo studio, built through the same apply loop staff use. Idempotent: every
 * step is a fixed (seed device, revision), so running it again only replays stored results.
 */
export async function seedDemo(store: Store, log: Logger = silentLogger): Promise<SeedSummary> {
	await seedReference(store);
	const summary: SeedSummary = { actions: 0, applied: 0, refused: [] };
	let revision = 0;
	for (let i = 0; i < SEED_RESERVATIONS; i++) {
		const id = `KB-${String(1001 + i)}`;
		let version = 0;
		for (const step of planFor(i)) {
			revision++;
			const wire = {
				...Action.parse(step.action),
				queueRevision: revision,
				actorUid: step.actor,
				reservationId: id,
				baseVersion: version,
				createdAt: at(step.hours)
			} as WireAction;
			const deps = { store, log, now: () => at(step.hours) };
			// The demo's supervisor and admin steps are signed as their PIN holders would.
			const { result } = await applyOne(deps, SEED_DEVICE, await signAsDemo(SEED_DEVICE, wire));
			summary.actions++;
			if (result.status === 'applied') {
				summary.applied++;
				version = result.reservation?.version ?? version;
			} else {
				summary.refused.push({
					queueRevision: revision,
					code: result.code,
					message: result.message
				});
			}
		}
	}
	for (const step of firingSteps()) {
		revision++;
		const wire = {
			...Action.parse(step.action),
			queueRevision: revision,
			actorUid: step.actor,
			reservationId: null,
			baseVersion: 0,
			createdAt: at(step.hours)
		} as WireAction;
		const deps = { store, log, now: () => at(step.hours) };
		const { result } = await applyOne(deps, SEED_DEVICE, await signAsDemo(SEED_DEVICE, wire));
		summary.actions++;
		if (result.status === 'applied') summary.applied++;
		else
			summary.refused.push({ queueRevision: revision, code: result.code, message: result.message });
	}
	const versions = new Map<string, number>();
	for (const step of historySteps()) {
		revision++;
		const rid = step.reservationId;
		const wire = {
			...Action.parse(step.action),
			queueRevision: revision,
			actorUid: step.actor,
			reservationId: rid,
			baseVersion: rid ? (versions.get(rid) ?? 0) : 0,
			createdAt: at(step.hours)
		} as WireAction;
		const deps = { store, log, now: () => at(step.hours) };
		const { result } = await applyOne(deps, SEED_DEVICE, await signAsDemo(SEED_DEVICE, wire));
		summary.actions++;
		if (result.status === 'applied') {
			summary.applied++;
			if (rid) versions.set(rid, result.reservation?.version ?? versions.get(rid) ?? 0);
		} else
			summary.refused.push({ queueRevision: revision, code: result.code, message: result.message });
	}
	if (summary.refused.length)
		log.warn('seed steps refused', { refused: summary.refused.length, first: summary.refused[0] });
	return summary;
}

/** True when the store holds no people yet (first start). */
export async function isEmptyStore(store: Store): Promise<boolean> {
	const rows = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM people');
	return Number(rows[0].n) === 0;
}
