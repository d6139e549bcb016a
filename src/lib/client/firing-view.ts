import type { ApplyContext } from '../domain/context';
import type { Firing } from '../domain/firing-record';
import { createFiring, isActiveFiring, stepFiring } from '../domain/firings';
import type { Failure } from '../domain/outcome';
import type { ActorRole, Reservation } from '../domain/reservation';
import type { Station } from '../domain/stations';
import type { OutboxRow } from './db';
import { kioskSecret } from './secret';
import { peersIn } from './view';

const APPLIED = new Set(['pending', 'syncing', 'held']);

export interface FiringView {
	/** Server firings with this kiosk's unsent firing actions re-applied, newest planned first. */
	firings: Firing[];
	/** Cards as the unsent firing steps leave them (the board catches up when they sync). */
	cards: Map<string, Reservation>;
	/** Firing ids with an unsent action. */
	pending: Set<string>;
}

export interface FiringViewInput {
	firings: readonly Firing[];
	cards: readonly Reservation[];
	outbox: readonly OutboxRow[];
	stations: readonly Station[];
	now: string;
	timeZone: string;
	roleOf: (uid: string) => ActorRole;
}

type FiringRow = OutboxRow & { type: 'firing.create' | 'firing.step' };

/**
 * The kiosk's optimistic firings, derived purely by the SAME domain functions the server
 * applies (`createFiring`, `stepFiring`), over the board's cards. A row the domain refuses here
 * shows nothing; the server gives the real answer.
 */
export function deriveFirings(input: FiringViewInput): FiringView {
	const firings = new Map(input.firings.map((f) => [f.id, f]));
	const cards = new Map(input.cards.map((r) => [r.id, r]));
	const pending = new Set<string>();
	const rows = input.outbox
		.filter((r): r is FiringRow => r.type === 'firing.create' || r.type === 'firing.step')
		// Synced rows too: between the push's answer and the pull that brings the firing, the
		// server copy is not here yet. Once it is, a synced create is refused (the id exists)
		// and a synced step is a no-op (the firing already passed it), so nothing applies twice.
		.filter((r) => APPLIED.has(r.state) || r.state === 'synced')
		.sort((a, b) => a.queueRevision - b.queueRevision);
	for (const row of rows) {
		if (APPLIED.has(row.state)) pending.add(row.payload.firingId);
		const ctx = contextFor(
			input,
			cards,
			row.actorUid,
			`${row.deviceId}:${row.queueRevision}`,
			row.createdAt
		);
		const out = decideFiring(row, firings, cards, input.stations, ctx);
		if (!out.ok) continue;
		firings.set(out.firing.id, out.firing);
		for (const [id, r] of out.changed) cards.set(id, r);
	}
	const list = [...firings.values()].sort(
		(a, b) => b.plannedDate.localeCompare(a.plannedDate) || a.id.localeCompare(b.id)
	);
	return { firings: list, cards, pending };
}

function contextFor(
	input: Pick<FiringViewInput, 'now' | 'timeZone' | 'roleOf' | 'stations'>,
	cards: Map<string, Reservation>,
	uid: string,
	requestId: string,
	at: string
): ApplyContext {
	return {
		now: at < input.now ? at : input.now,
		timeZone: input.timeZone,
		secret: kioskSecret,
		actor: { uid, role: input.roleOf(uid) },
		requestId,
		stations: input.stations,
		stationPeers: peersIn(cards)
	};
}

type Decided = { ok: true; firing: Firing; changed: Map<string, Reservation> } | Failure;

/** One firing action against the current view: the kiosk's dry run and its optimistic view. */
export function decideFiring(
	action: Pick<FiringRow, 'type' | 'payload'>,
	firings: ReadonlyMap<string, Firing>,
	cards: ReadonlyMap<string, Reservation>,
	stations: readonly Station[],
	ctx: ApplyContext
): Decided {
	if (action.type === 'firing.create') {
		const p = action.payload as Extract<FiringRow, { type: 'firing.create' }>['payload'];
		if (firings.has(p.firingId))
			return {
				ok: false,
				code: 'conflict',
				message: `A firing with id ${p.firingId} already exists.`
			};
		const active = new Map<string, string>();
		for (const f of firings.values())
			if (isActiveFiring(f)) for (const m of f.members) active.set(m.reservationId, f.id);
		const out = createFiring(p, {
			now: ctx.now,
			actor: ctx.actor,
			stations,
			reservation: (id) => cards.get(id) ?? null,
			activeFiringOf: (id) => active.get(id) ?? null
		});
		return out.ok ? { ok: true, firing: out.firing, changed: new Map() } : out;
	}
	const p = action.payload as Extract<FiringRow, { type: 'firing.step' }>['payload'];
	const f = firings.get(p.firingId);
	if (!f) return { ok: false, code: 'not_found', message: `There is no firing ${p.firingId}.` };
	const out = stepFiring(f, p, (id) => cards.get(id) ?? null, ctx);
	if (!out.ok) return out;
	const changed = new Map<string, Reservation>();
	for (const c of out.cards) changed.set(c.after.id, c.after);
	for (const peer of out.peers) changed.set(peer.id, peer);
	return { ok: true, firing: out.firing, changed };
}

export { contextFor as firingContext };
