import { isRecordAction } from '../domain/actions';
import { applyAction } from '../domain/apply';
import type { ApplyContext } from '../domain/context';
import type { ActorRole, Reservation } from '../domain/reservation';
import type { Station } from '../domain/stations';
import { FALLBACK_TIME_ZONE } from '../domain/time-zone';
import { heldBehind } from '../domain/holds';
import type { OutboxRow } from './db';
import { kioskSecret } from './secret';

export interface BoardCard {
	/** What staff see: the server copy with this device's unsent actions re-applied. */
	reservation: Reservation;
	/** The last server copy, null for a card created offline. */
	server: Reservation | null;
	pending: number;
	held: number;
	failed: number;
	/** Failed revisions this card's held actions wait on (shown as "waiting on failed #n"). */
	waitingOn: number[];
}

/** Non-archived cards on a station, from a working map (capacity and queue order read this). */
export function peersIn(cards: ReadonlyMap<string, Reservation> | readonly Reservation[]) {
	const list = () => ('values' in cards && !Array.isArray(cards) ? [...cards.values()] : cards);
	return (stationId: string): readonly Reservation[] =>
		(list() as readonly Reservation[]).filter(
			(r) => r.assignedStationId === stationId && !r.isArchived
		);
}

const APPLIED_STATES = new Set(['pending', 'syncing', 'held']);

/**
 * The optimistic board, derived purely (the reference the kiosk's incremental `BoardIndex` is
 * tested against, and what the nemesis suite steers by): server state plus every unsent action re-applied by the
 * same domain function the server uses. Failed actions are not applied, so their optimism
 * disappears on the next derive instead of lingering; nor are actions held behind a failure
 * (`heldBehind`), since they will not apply until staff resolve it.
 */
export function deriveBoard(
	serverRows: readonly Reservation[],
	outboxRows: readonly OutboxRow[],
	stations: readonly Station[],
	now: string,
	roleOf: (uid: string) => ActorRole = () => 'staff',
	timeZone: string = FALLBACK_TIME_ZONE
): BoardCard[] {
	const current = new Map<string, Reservation>();
	const server = new Map<string, Reservation>();
	for (const r of serverRows) {
		current.set(r.id, r);
		server.set(r.id, r);
	}
	type Badge = Pick<BoardCard, 'pending' | 'held' | 'failed' | 'waitingOn'>;
	const badges = new Map<string, Badge>();
	const badge = (id: string) => {
		let b = badges.get(id);
		if (!b) badges.set(id, (b = { pending: 0, held: 0, failed: 0, waitingOn: [] }));
		return b;
	};
	const stationPeers = peersIn(current);
	const held = heldBehind(outboxRows);

	const rows = [...outboxRows].sort((a, b) => a.queueRevision - b.queueRevision);
	for (const row of rows) {
		const id = row.reservationId;
		if (!id || isRecordAction(row)) continue;
		const blocker = held.get(row.queueRevision);
		if (row.state === 'failed') badge(id).failed++;
		else if (blocker !== undefined) {
			const b = badge(id);
			b.held++;
			if (!b.waitingOn.includes(blocker)) b.waitingOn.push(blocker);
			continue;
		} else if (row.state === 'held' || row.state === 'pending' || row.state === 'syncing')
			badge(id).pending++;
		if (!APPLIED_STATES.has(row.state)) continue;
		const ctx: ApplyContext = {
			// The action's own time, so optimistic history does not drift on every re-derive.
			now: row.createdAt < now ? row.createdAt : now,
			timeZone,
			// A local guess only: the kiosk never shows an arrival code the server has not issued.
			secret: kioskSecret,
			actor: { uid: row.actorUid, role: roleOf(row.actorUid) },
			requestId: `${row.deviceId}:${row.queueRevision}`,
			stations,
			stationPeers
		};
		const out = applyAction(current.get(id) ?? null, row, id, ctx);
		// A local rejection shows nothing new; the server will give the real answer and reason.
		if (!out.ok) continue;
		current.set(id, out.reservation);
		if (out.created) current.set(out.created.id, out.created);
		// Other cards whose queue place or ETA this action moved (when the domain reports them).
		const peers = (out as { peers?: readonly Reservation[] }).peers;
		for (const p of peers ?? []) current.set(p.id, p);
	}

	const cards: BoardCard[] = [];
	for (const [id, reservation] of current) {
		const b = badges.get(id) ?? { pending: 0, held: 0, failed: 0, waitingOn: [] };
		cards.push({ reservation, server: server.get(id) ?? null, ...b });
	}
	return cards;
}
