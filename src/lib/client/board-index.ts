import { applyAction } from '../domain/apply';
import type { ReservationAction } from '../domain/available';
import type { ApplyContext } from '../domain/context';
import { heldBehind } from '../domain/holds';
import { samePeerInputs, touchedStations } from '../domain/queue-hints';
import type { ActorRole, Reservation } from '../domain/reservation';
import type { Station } from '../domain/stations';
import type { PriceTable } from '../domain/fees';
import type { OutboxRow } from './db';
import { kioskSecret } from './secret';
import type { BoardCard } from './view';

/*
 * The optimistic board kept as a keyed index, updated by what a change touches instead of
 * re-deriving every card. A card is still derived exactly as `deriveBoard` does it (the server
 * copy, then this device's unsent actions re-applied in queue order by the domain's
 * `applyAction`, `heldBehind` for actions waiting on a failure); the index only decides WHICH
 * cards to re-derive:
 *
 * - a new row at the end of the queue (a tap) is applied on top of the current card: what a
 *   full derive would do last anyway, so nothing else is replayed;
 * - any other change (a server copy, a row synced, failed, withdrawn) replays the smallest
 *   closed set of cards it can affect: the changed cards, every card on (or whose actions
 *   touched) one of their stations, and so on until no new station appears. Capacity and
 *   queue order only read a card's own station, so cards outside that set cannot differ.
 *
 * `board-index.test.ts` checks the result against `deriveBoard` after random changes.
 */

export interface BoardSettings {
	stations: readonly Station[];
	roleOf: (uid: string) => ActorRole;
	timeZone: string;
	/** The studio's price table from the last pull: a card fired offline shows its fee too. */
	prices?: PriceTable | null;
}

export interface BoardChange {
	reservations?: { put?: readonly Reservation[]; del?: readonly string[] };
	outbox?: { put?: readonly OutboxRow[]; del?: readonly number[] };
}

/** What a change altered: the cards whose object was replaced and the lanes to re-sort. */
export interface BoardDelta {
	cards: Set<string>;
	/** Lanes holding a replaced card object. */
	lanes: Set<string>;
	/**
	 * Lanes where something the other cards' decisions read changed (a card came or went, or its
	 * place, size, status… moved): their cards' verdicts and order must be re-asked. A lane only
	 * in `lanes` kept its order and its peers' inputs (a staff note).
	 */
	peers: Set<string>;
}

/** Lane of a card: its station id, or '' for work not yet on a station. */
export const laneOf = (r: Reservation): string => r.assignedStationId ?? '';

const APPLIED = new Set(['pending', 'syncing', 'held']);

// ISO timestamps order correctly as plain strings; no locale collation on a 10k-card board.
export const byQueue = (a: BoardCard, b: BoardCard): number =>
	(a.reservation.queuePositionHint ?? 9999) - (b.reservation.queuePositionHint ?? 9999) ||
	(a.reservation.createdAt < b.reservation.createdAt
		? -1
		: a.reservation.createdAt > b.reservation.createdAt
			? 1
			: 0);

/** The stations an action names in its payload (a placement's target), besides the card's own. */
function namedStations(row: OutboxRow): string[] {
	const p = row.payload as { assignedStationId?: unknown; stationId?: unknown } | undefined;
	return [p?.assignedStationId, p?.stationId].filter((s): s is string => typeof s === 'string');
}

function add<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
	let set = map.get(key);
	if (!set) map.set(key, (set = new Set()));
	set.add(value);
}

function remove<K, V>(map: Map<K, Set<V>>, key: K, value: V) {
	const set = map.get(key);
	if (!set) return;
	set.delete(value);
	if (!set.size) map.delete(key);
}

const sameWindow = (a: Reservation['estimatedWindow'], b: Reservation['estimatedWindow']) =>
	a === b || JSON.stringify(a) === JSON.stringify(b);

export class BoardIndex {
	private server = new Map<string, Reservation>();
	/** station → ids whose SERVER copy is on it (a replay starts from these). */
	private serverAt = new Map<string, Set<string>>();
	private rows = new Map<number, OutboxRow>();
	private rowsOf = new Map<string, OutboxRow[]>();
	private current = new Map<string, Reservation>();
	/** station → non-archived optimistic cards on it: the domain's `stationPeers`. */
	private at = new Map<string, Set<string>>();
	/** lane key → every card id in that lane (archived and cancelled included). */
	private laneIds = new Map<string, Set<string>>();
	/** revision → stations its last application touched or named. */
	private touched = new Map<number, string[]>();
	/** station → reservation ids with a row that touched it. */
	private touchers = new Map<string, Set<string>>();
	/** revision → id of the card its application created (reactivation). */
	private createdBy = new Map<number, string>();
	private cardsById = new Map<string, BoardCard>();
	private lastRev = 0;
	private delta: BoardDelta = { cards: new Set(), lanes: new Set(), peers: new Set() };
	/** While a tap is applied: the cards `setCurrent` replaced (the acted card and its peers). */
	private moved: Set<string> | null = null;
	/** id → its rows' revisions and state letters when its card object was made. */
	private appliedOf = new Map<string, string>();

	constructor(
		private settings: BoardSettings,
		private now: () => string,
		private secret: () => string = kioskSecret
	) {}

	/** Replaces everything (first read, or a table that changed as a whole). */
	reset(serverRows: readonly Reservation[], outboxRows: readonly OutboxRow[]): BoardDelta {
		this.server.clear();
		this.serverAt.clear();
		this.rows.clear();
		this.rowsOf.clear();
		this.lastRev = 0;
		for (const r of serverRows) this.putServer(r);
		for (const row of outboxRows) this.putRow(row);
		return this.rebuild();
	}

	/** New stations, roster or time zone: every card may read them, so all are re-derived. */
	configure(settings: BoardSettings): BoardDelta {
		this.settings = settings;
		return this.rebuild();
	}

	private rebuild(): BoardDelta {
		const ids = new Set([...this.current.keys(), ...this.server.keys(), ...this.rowsOf.keys()]);
		this.touched.clear();
		this.touchers.clear();
		this.createdBy.clear();
		this.replay(ids);
		for (const id of [...this.cardsById.keys()]) if (!this.current.has(id)) this.refreshCard(id);
		return this.take();
	}

	/** Applies what a committed transaction wrote; returns what it altered. */
	apply(change: BoardChange): BoardDelta {
		const dirty = new Set<string>();
		const appended: OutboxRow[] = [];
		for (const r of change.reservations?.put ?? []) {
			const old = this.server.get(r.id);
			if (old === r) continue;
			this.putServer(r);
			dirty.add(r.id);
		}
		for (const id of change.reservations?.del ?? []) {
			if (!this.server.has(id)) continue;
			this.dropServer(id);
			dirty.add(id);
		}
		for (const id of change.outbox?.del ?? []) {
			const old = this.rows.get(id);
			if (!old) continue;
			this.dropRow(old);
			if (old.reservationId && old.type !== 'station.availability') dirty.add(old.reservationId);
		}
		const badgesOnly = new Set<string>();
		const puts = [...(change.outbox?.put ?? [])].sort((a, b) => a.queueRevision - b.queueRevision);
		for (const row of puts) {
			const old = this.rows.get(row.queueRevision);
			const id = row.reservationId;
			const onCard = !!id && row.type !== 'station.availability';
			if (!old && row.queueRevision > this.lastRev && onCard && !dirty.has(id!))
				appended.push(row); // a tap: applied on top below, unless something else is replayed
			else if (onCard && (!old || this.derivesDifferently(old, row))) dirty.add(id!);
			else if (onCard) badgesOnly.add(id!); // pending → syncing and the like
			this.putRow(row);
		}
		if (dirty.size) this.replay(dirty);
		// A tap on a card that was replayed above is already part of that replay.
		for (const row of appended) if (!dirty.has(row.reservationId!)) this.applyOnTop(row);
		for (const id of badgesOnly) if (!dirty.has(id)) this.refreshCard(id);
		return this.take();
	}

	/** Only the state changed, between states that apply alike: the card reads the same. */
	private derivesDifferently(old: OutboxRow, next: OutboxRow): boolean {
		return !(APPLIED.has(old.state) && APPLIED.has(next.state) && old.createdAt === next.createdAt);
	}

	card(id: string): BoardCard | undefined {
		return this.cardsById.get(id);
	}

	get size(): number {
		return this.cardsById.size;
	}

	cards(): BoardCard[] {
		return [...this.cardsById.values()];
	}

	serverCopies(): Reservation[] {
		return [...this.server.values()];
	}

	/** The optimistic, non-archived cards on a station (the domain's `stationPeers`). */
	peers = (stationId: string): readonly Reservation[] => {
		const ids = this.at.get(stationId);
		return ids ? [...ids].map((id) => this.current.get(id)!) : [];
	};

	/**
	 * A lane's cards in queue order. `prev` is the lane as last handed out, when the change kept
	 * its members and order (not in `delta.peers`): then only replaced card objects are swapped
	 * in, with no sort of a long lane.
	 */
	lane(key: string, prev?: readonly BoardCard[]): BoardCard[] {
		const ids = this.laneIds.get(key);
		if (!ids) return [];
		if (prev && prev.length === ids.size && prev.every((c) => ids.has(c.reservation.id)))
			return prev.map((c) => this.cardsById.get(c.reservation.id)!);
		return [...ids].map((id) => this.cardsById.get(id)!).sort(byQueue);
	}

	laneKeys(): string[] {
		return [...this.laneIds.keys()];
	}

	private take(): BoardDelta {
		const out = this.delta;
		this.delta = { cards: new Set(), lanes: new Set(), peers: new Set() };
		return out;
	}

	private putServer(r: Reservation) {
		const old = this.server.get(r.id);
		if (old?.assignedStationId) remove(this.serverAt, old.assignedStationId, r.id);
		this.server.set(r.id, r);
		if (r.assignedStationId) add(this.serverAt, r.assignedStationId, r.id);
	}

	private dropServer(id: string) {
		const old = this.server.get(id);
		if (old?.assignedStationId) remove(this.serverAt, old.assignedStationId, id);
		this.server.delete(id);
	}

	private putRow(row: OutboxRow) {
		const old = this.rows.get(row.queueRevision);
		if (old) this.dropRow(old);
		this.rows.set(row.queueRevision, row);
		this.lastRev = Math.max(this.lastRev, row.queueRevision);
		if (!row.reservationId) return;
		const list = this.rowsOf.get(row.reservationId) ?? [];
		let i = list.length;
		while (i > 0 && list[i - 1].queueRevision > row.queueRevision) i--;
		list.splice(i, 0, row);
		this.rowsOf.set(row.reservationId, list);
	}

	private dropRow(row: OutboxRow) {
		this.rows.delete(row.queueRevision);
		if (!row.reservationId) return;
		const list = this.rowsOf.get(row.reservationId);
		if (!list) return;
		const left = list.filter((r) => r.queueRevision !== row.queueRevision);
		if (left.length) this.rowsOf.set(row.reservationId, left);
		else this.rowsOf.delete(row.reservationId);
	}

	private setCurrent(id: string, r: Reservation | null) {
		const old = this.current.get(id);
		if (old === r) return;
		this.moved?.add(id);
		// Same lane, same station membership, nothing a peer reads: the lane keeps its order.
		const quiet =
			!!old &&
			!!r &&
			laneOf(old) === laneOf(r) &&
			!old.isArchived === !r.isArchived &&
			samePeerInputs(old, r);
		if (old && !quiet) this.delta.peers.add(laneOf(old));
		if (r && !quiet) this.delta.peers.add(laneOf(r));
		if (old) {
			if (old.assignedStationId && !old.isArchived) remove(this.at, old.assignedStationId, id);
			remove(this.laneIds, laneOf(old), id);
			this.delta.lanes.add(laneOf(old));
		}
		if (!r) {
			this.current.delete(id);
			return;
		}
		this.current.set(id, r);
		if (r.assignedStationId && !r.isArchived) add(this.at, r.assignedStationId, id);
		add(this.laneIds, laneOf(r), id);
		this.delta.lanes.add(laneOf(r));
	}

	/** Every card a change to `seed` can affect, closed over shared stations. */
	private closure(seed: Iterable<string>, extraStations: Iterable<string> = []): Set<string> {
		const ids = new Set<string>();
		const stations = new Set<string>();
		const idQueue = [...seed];
		const stQueue = [...extraStations];
		while (idQueue.length || stQueue.length) {
			const id = idQueue.pop();
			if (id !== undefined) {
				if (ids.has(id)) continue;
				ids.add(id);
				const s = [this.server.get(id)?.assignedStationId, this.current.get(id)?.assignedStationId];
				for (const row of this.rowsOf.get(id) ?? []) {
					s.push(...(this.touched.get(row.queueRevision) ?? []), ...namedStations(row));
					const made = this.createdBy.get(row.queueRevision);
					if (made) idQueue.push(made);
				}
				for (const st of s) if (st && !stations.has(st)) stQueue.push(st);
				continue;
			}
			const st = stQueue.pop()!;
			if (stations.has(st)) continue;
			stations.add(st);
			for (const map of [this.at, this.serverAt, this.touchers])
				for (const other of map.get(st) ?? []) if (!ids.has(other)) idQueue.push(other);
		}
		return ids;
	}

	/** Re-derives the cards of `dirty` (and what shares a station with them) from the server copies. */
	private replay(dirty: Set<string>) {
		let ids = this.closure(dirty);
		// A replay may touch a station the previous derive did not (the server moved a card):
		// widen to that station's cards and replay again; the set only grows, so this ends.
		for (;;) {
			const reached = this.replayOnce(ids);
			const wider = this.closure(ids, reached);
			if (wider.size === ids.size) break;
			ids = wider;
		}
		for (const id of ids) this.refreshCard(id);
	}

	/** One replay of `ids`; returns every station their rows touched. */
	private replayOnce(ids: Set<string>): Set<string> {
		const rows: OutboxRow[] = [];
		for (const id of ids) {
			for (const row of this.rowsOf.get(id) ?? []) {
				for (const st of this.touched.get(row.queueRevision) ?? []) remove(this.touchers, st, id);
				this.touched.delete(row.queueRevision);
				const made = this.createdBy.get(row.queueRevision);
				if (made && !ids.has(made)) this.setCurrent(made, this.server.get(made) ?? null);
				this.createdBy.delete(row.queueRevision);
				rows.push(row);
			}
		}
		for (const id of ids) this.setCurrent(id, this.server.get(id) ?? null);
		rows.sort((a, b) => a.queueRevision - b.queueRevision);
		const held = heldBehind(rows);
		const reached = new Set<string>();
		const now = this.now();
		for (const row of rows) {
			if (row.state === 'failed' || held.has(row.queueRevision) || !APPLIED.has(row.state))
				continue;
			if (row.type === 'station.availability') continue;
			for (const st of this.step(row, now)) reached.add(st);
		}
		return reached;
	}

	/** A tap: the newest row, so applying it over the current cards is what a full derive does last. */
	private applyOnTop(row: OutboxRow) {
		const id = row.reservationId!;
		const blocked = (this.rowsOf.get(id) ?? []).some(
			(r) => r.state === 'failed' && r.queueRevision < row.queueRevision
		);
		const changed = (this.moved = new Set([id]));
		if (!blocked && APPLIED.has(row.state)) this.step(row, this.now());
		this.moved = null;
		for (const cid of changed) this.refreshCard(cid);
	}

	/** Applies one row to its card as `deriveBoard` does; returns the stations it touched or named. */
	private step(row: OutboxRow, now: string): string[] {
		const id = row.reservationId!;
		const { stations, roleOf, timeZone, prices } = this.settings;
		const ctx: ApplyContext = {
			prices,
			// The action's own time, so optimistic history does not drift on every re-derive.
			now: row.createdAt < now ? row.createdAt : now,
			timeZone,
			// A local guess only: the kiosk never shows an arrival code the server has not issued.
			secret: this.secret,
			actor: { uid: row.actorUid, role: roleOf(row.actorUid) },
			requestId: `${row.deviceId}:${row.queueRevision}`,
			stations,
			stationPeers: this.peers
		};
		const before = this.current.get(id) ?? null;
		// Station actions never reach here (skipped by the callers).
		const out = applyAction(before, row as unknown as ReservationAction, id, ctx);
		const reach = new Set([...touchedStations(before), ...namedStations(row)]);
		if (out.ok) {
			for (const st of touchedStations(out.reservation, out.created)) reach.add(st);
			this.setCurrent(id, out.reservation);
			if (out.created) {
				this.setCurrent(out.created.id, out.created);
				this.createdBy.set(row.queueRevision, out.created.id);
			}
			for (const p of out.peers ?? []) this.setCurrent(p.id, p);
		}
		const list = [...reach];
		this.touched.set(row.queueRevision, list);
		for (const st of list) add(this.touchers, st, id);
		return list;
	}

	/** Rebuilds one card object from the index, keeping the old one when it reads the same. */
	private refreshCard(id: string) {
		const r = this.current.get(id);
		const prev = this.cardsById.get(id);
		if (!r) {
			if (prev) {
				this.cardsById.delete(id);
				this.appliedOf.delete(id);
				this.delta.cards.add(id);
				this.delta.lanes.add(laneOf(prev.reservation));
				this.delta.peers.add(laneOf(prev.reservation));
			}
			return;
		}
		const rows = this.rowsOf.get(id) ?? [];
		const held = heldBehind(rows);
		const card: BoardCard = {
			reservation: r,
			server: this.server.get(id) ?? null,
			pending: 0,
			held: 0,
			failed: 0,
			waitingOn: []
		};
		for (const row of rows) {
			if (row.type === 'station.availability') continue;
			const blocker = held.get(row.queueRevision);
			if (row.state === 'failed') card.failed++;
			else if (blocker !== undefined) {
				card.held++;
				if (!card.waitingOn.includes(blocker)) card.waitingOn.push(blocker);
			} else if (APPLIED.has(row.state)) card.pending++;
		}
		const applied = signature(rows);
		if (prev && this.appliedOf.get(id) === applied && sameCard(prev, card)) {
			// Same look: keep the old object so keyed lists skip it.
			if (prev.reservation !== r) this.current.set(id, prev.reservation);
			return;
		}
		this.cardsById.set(id, card);
		this.appliedOf.set(id, applied);
		this.delta.cards.add(id);
		this.delta.lanes.add(laneOf(r));
		if (!prev || laneOf(prev.reservation) !== laneOf(r)) this.delta.peers.add(laneOf(r));
		if (prev && laneOf(prev.reservation) !== laneOf(r)) {
			this.delta.lanes.add(laneOf(prev.reservation));
			this.delta.peers.add(laneOf(prev.reservation));
		}
	}
}

/** The card's own rows, by revision and state letter: a different set of actions reads differently. */
function signature(rows: readonly OutboxRow[]): string {
	let s = '';
	for (const r of rows) s += `${r.queueRevision}${r.state[0]},`;
	return s;
}

function sameCard(prev: BoardCard, next: BoardCard): boolean {
	const a = prev.reservation;
	const b = next.reservation;
	return (
		prev.server === next.server &&
		(a === b ||
			(a.version === b.version &&
				a.updatedAt === b.updatedAt &&
				a.queuePositionHint === b.queuePositionHint &&
				a.assignedStationId === b.assignedStationId &&
				sameWindow(a.estimatedWindow, b.estimatedWindow))) &&
		prev.pending === next.pending &&
		prev.held === next.held &&
		prev.failed === next.failed &&
		prev.waitingOn.join('.') === next.waitingOn.join('.')
	);
}
