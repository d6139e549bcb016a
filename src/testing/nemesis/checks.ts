import { isDeepStrictEqual } from 'node:util';
import type { OutboxRow } from '../../lib/client/db';
import { occupiesStation, stationUsed } from '../../lib/domain/capacity';
import { halfShelves } from '../../lib/domain/half-shelves';
import { heldBehind } from '../../lib/domain/holds';
import { FAILURE_CODES } from '../../lib/domain/outcome';
import type { Reservation } from '../../lib/domain/reservation';
import type { Station } from '../../lib/domain/stations';
import type { Claim } from './faulty-store';
import { appliedSteps, firingViolations } from './firing-checks';
import type { KioskSnapshot, ServerAction, ServerSnapshot } from './snapshot';

/** No station holds more occupying work than its capacity. */
export function capacityViolations(
	reservations: Iterable<Reservation>,
	stations: readonly Station[]
): string[] {
	const all = [...reservations];
	const out: string[] = [];
	for (const s of stations) {
		const peers = all.filter((r) => r.assignedStationId === s.id);
		const used = stationUsed(peers);
		if (used > s.capacityHalfShelves) {
			const who = peers.filter(occupiesStation).map((r) => `${r.id}:${halfShelves(r)}`);
			out.push(`capacity: ${s.id} holds ${used} > ${s.capacityHalfShelves} (${who.join(', ')})`);
		}
	}
	return out;
}

const key = (device: string, rev: number) => `${device}#${rev}`;

/** Delivery: every row applied exactly once or visibly failed; never lost, never doubled. */
function deliveryViolations(server: ServerSnapshot, k: KioskSnapshot): string[] {
	const out: string[] = [];
	const onServer = new Map(
		server.actions.filter((a) => a.deviceId === k.deviceId).map((a) => [a.queueRevision, a])
	);
	const rows = new Map<number, OutboxRow>();
	for (const r of k.outbox) rows.set(r.queueRevision, r);
	for (const r of k.archive) {
		if (rows.has(r.queueRevision))
			out.push(`${k.name} rev ${r.queueRevision} both queued and archived`);
		rows.set(r.queueRevision, r);
	}
	const archived = new Set(k.archive.map((r) => r.queueRevision));
	const status = (rev: number) => onServer.get(rev)?.result?.status ?? 'absent';

	for (const rev of k.enqueued)
		if (!rows.has(rev) && status(rev) !== 'applied')
			out.push(`${k.name} rev ${rev}: lost (not on the kiosk, not applied on the server)`);

	for (const [rev, row] of rows) {
		const s = status(rev);
		const tag = `${k.name} rev ${rev} (${row.type} on ${row.reservationId})`;
		if (archived.has(rev)) {
			if (s === 'applied')
				out.push(
					`${tag}: archived as ${(row as { resolution?: string }).resolution} but applied on the server`
				);
			continue;
		}
		switch (row.state) {
			case 'pending':
			case 'syncing':
				out.push(`${tag}: still ${row.state} after quiescence`);
				break;
			case 'synced':
				if (s !== 'applied') out.push(`${tag}: synced on the kiosk but server says ${s}`);
				break;
			case 'failed':
				if (s === 'applied') out.push(`${tag}: failed on the kiosk but applied on the server`);
				if (!row.result || !FAILURE_CODES.includes(row.result.code))
					out.push(`${tag}: failed without a failure code`);
				break;
			case 'held': {
				if (s === 'applied') out.push(`${tag}: held on the kiosk but applied on the server`);
				const blocker = row.heldBy === undefined ? undefined : rows.get(row.heldBy);
				if (
					!blocker ||
					archived.has(blocker.queueRevision) ||
					blocker.state !== 'failed' ||
					blocker.reservationId !== row.reservationId ||
					blocker.queueRevision >= rev
				)
					out.push(
						`${tag}: held behind ${row.heldBy}, which is not an earlier failure on its card`
					);
				break;
			}
		}
		if (s === 'rejected' && row.state !== 'failed' && !archived.has(rev))
			out.push(`${tag}: server rejected it but the kiosk shows ${row.state}`);
	}
	for (const [rev, a] of onServer) {
		const row = rows.get(rev);
		if (!row)
			out.push(
				`${k.name} rev ${rev}: on the server (${a.result?.status}) but unknown to the kiosk`
			);
		else if (row.type !== a.type || row.reservationId !== a.reservationId)
			out.push(
				`${k.name} rev ${rev}: server applied ${a.type} on ${a.reservationId}, kiosk queued ${row.type} on ${row.reservationId}`
			);
	}
	return out;
}

/**
 * Applied revisions of a device are increasing in server commit order: on each card always, across
 * cards unless the later-applied row was held behind a failure (it waits while other cards go on).
 * A supervisor's retry is a new revision, so it counts as a new action in this order.
 */
function orderViolations(
	claims: readonly Claim[],
	applied: Set<string>,
	k: KioskSnapshot
): string[] {
	const out: string[] = [];
	const card = new Map<number, string | null>();
	for (const r of [...k.outbox, ...k.archive]) card.set(r.queueRevision, r.reservationId);
	let maxAll = 0;
	const maxOnCard = new Map<string, number>();
	const lastOnCard = new Map<string, number>();
	for (const c of claims) {
		if (c.deviceId !== k.deviceId || !applied.has(key(c.deviceId, c.queueRevision))) continue;
		const p = c.queueRevision;
		const id = card.get(c.queueRevision) ?? '';
		const prev = maxOnCard.get(id) ?? 0;
		if (p <= prev)
			out.push(
				`${k.name}: rev ${p} on ${id} applied after rev ${lastOnCard.get(id)} on the same card`
			);
		if (p < maxAll && !k.everHeld.has(c.queueRevision))
			out.push(`${k.name}: rev ${p} applied after rev ${maxAll} though it was never held`);
		if (p > prev) lastOnCard.set(id, c.queueRevision);
		maxOnCard.set(id, Math.max(prev, p));
		maxAll = Math.max(maxAll, p);
	}
	return out;
}

function payloadOf(a: ServerAction, rows: Map<string, OutboxRow>) {
	return rows.get(key(a.deviceId, a.queueRevision)) as
		(OutboxRow & { payload: { action?: string } }) | undefined;
}

/** Effects: one history row per applied change, fairness penalties counted once each. */
function effectViolations(server: ServerSnapshot, kiosks: KioskSnapshot[]): string[] {
	const out: string[] = [];
	const rows = new Map<string, OutboxRow>();
	for (const k of kiosks)
		for (const r of [...k.outbox, ...k.archive]) rows.set(key(k.deviceId, r.queueRevision), r);
	const changes = new Map<string, number>();
	const noShows = new Map<string, number>();
	const lates = new Map<string, number>();
	const fairness = new Map<string, number>();
	const bump = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1);
	for (const a of server.actions) {
		const res = a.result;
		if (res?.status !== 'applied' || res.noop || !a.reservationId) continue;
		bump(changes, a.reservationId);
		if (a.type !== 'reservation.queue_fairness') continue;
		bump(fairness, a.reservationId);
		const action = payloadOf(a, rows)?.payload.action;
		if (action === 'record_no_show') bump(noShows, a.reservationId);
		if (action === 'record_late_arrival') bump(lates, a.reservationId);
	}
	// A firing step is one action on many cards: each member's own history row per step applied.
	for (const { row } of appliedSteps(server, kiosks))
		for (const m of server.firings.get(row.payload.firingId)?.members ?? [])
			bump(changes, m.reservationId);
	for (const [id, r] of server.reservations) {
		const stored = server.historyRows.get(id) ?? 0;
		if (stored !== r.stageHistory.length)
			out.push(`history: ${id} has ${stored} rows but its card lists ${r.stageHistory.length}`);
		if (stored !== (changes.get(id) ?? 0))
			out.push(`history: ${id} has ${stored} rows for ${changes.get(id) ?? 0} applied changes`);
		if (r.queueFairness.noShowCount !== (noShows.get(id) ?? 0))
			out.push(
				`fairness: ${id} noShowCount ${r.queueFairness.noShowCount} for ${noShows.get(id) ?? 0} applied no-shows`
			);
		if (r.queueFairness.lateArrivalCount !== (lates.get(id) ?? 0))
			out.push(
				`fairness: ${id} lateArrivalCount ${r.queueFairness.lateArrivalCount} for ${lates.get(id) ?? 0} applied late arrivals`
			);
		if ((server.fairnessRows.get(id) ?? 0) !== (fairness.get(id) ?? 0))
			out.push(
				`fairness: ${id} has ${server.fairnessRows.get(id) ?? 0} evidence rows for ${fairness.get(id) ?? 0} applied actions`
			);
	}
	return out;
}

/**
 * The one hold rule: after quiescence every row the kiosk shows as held is one the domain's
 * `heldBehind` holds (behind the same failure), and nothing `heldBehind` holds is shown otherwise.
 */
function holdRuleViolations(k: KioskSnapshot): string[] {
	const out: string[] = [];
	const rule = heldBehind(k.outbox);
	for (const r of k.outbox) {
		const by = rule.get(r.queueRevision);
		if (r.state === 'held' && by === undefined)
			out.push(`${k.name} rev ${r.queueRevision}: held, but the domain's hold rule releases it`);
		if (by !== undefined && r.state !== 'held')
			out.push(
				`${k.name} rev ${r.queueRevision}: ${r.state}, but the hold rule holds it behind ${by}`
			);
		if (by !== undefined && r.state === 'held' && r.heldBy !== by)
			out.push(`${k.name} rev ${r.queueRevision}: held behind ${r.heldBy}, the rule says ${by}`);
	}
	return out;
}

const NOTE_TEXT = (row: OutboxRow): string | null => {
	const p = row.payload as { staffNotes?: unknown };
	if (row.type === 'reservation.queue_fairness') return 'fairness';
	if (
		row.type === 'reservation.note' ||
		row.type === 'reservation.status' ||
		row.type === 'reservation.escalate'
	)
		return typeof p.staffNotes === 'string' && p.staffNotes.trim() ? p.staffNotes : null;
	return null;
};

/**
 * Notes are an append-only group: every applied action that wrote a staff note still has its
 * entry (id `<device>:<revision>:n`) on the server's card, whatever other kiosks did after.
 */
function noteViolations(server: ServerSnapshot, kiosks: KioskSnapshot[]): string[] {
	const out: string[] = [];
	const rows = new Map<string, OutboxRow>();
	for (const k of kiosks)
		for (const r of [...k.outbox, ...k.archive]) rows.set(key(k.deviceId, r.queueRevision), r);
	for (const a of server.actions) {
		if (a.result?.status !== 'applied' || a.result.noop || !a.reservationId) continue;
		const row = rows.get(key(a.deviceId, a.queueRevision));
		if (!row || NOTE_TEXT(row) === null) continue;
		const card = server.reservations.get(a.reservationId);
		const prefix = `${a.deviceId}:${a.queueRevision}:`;
		if (card && !card.staffNotes.some((n) => n.id.startsWith(prefix)))
			out.push(`notes: ${a.reservationId} lost the note of ${a.type} ${prefix.slice(0, -1)}`);
	}
	return out;
}

/** After a final pull, each kiosk's copy of the server state equals the server's. */
function convergenceViolations(server: ServerSnapshot, k: KioskSnapshot): string[] {
	const out: string[] = [];
	for (const [id, r] of server.reservations) {
		const mine = k.reservations.get(id);
		if (!mine) out.push(`${k.name}: missing ${id} after the final pull`);
		else if (!isDeepStrictEqual(mine, r))
			out.push(
				`${k.name}: ${id} is v${mine.version} on the kiosk, v${r.version} on the server (or differs)`
			);
	}
	for (const id of k.reservations.keys())
		if (!server.reservations.has(id)) out.push(`${k.name}: has ${id}, which the server does not`);
	if (!isDeepStrictEqual(k.stations, server.stations))
		out.push(`${k.name}: stations differ from the server`);
	return out;
}

export function checkWorld(
	server: ServerSnapshot,
	kiosks: KioskSnapshot[],
	claims: readonly Claim[]
): string[] {
	const applied = new Set(
		server.actions
			.filter((a) => a.result?.status === 'applied')
			.map((a) => key(a.deviceId, a.queueRevision))
	);
	return [
		...kiosks.flatMap((k) => deliveryViolations(server, k)),
		...kiosks.flatMap((k) => orderViolations(claims, applied, k)),
		...effectViolations(server, kiosks),
		...kiosks.flatMap((k) => holdRuleViolations(k)),
		...noteViolations(server, kiosks),
		...kiosks.flatMap((k) => convergenceViolations(server, k)),
		...firingViolations(server, kiosks),
		...capacityViolations(server.reservations.values(), server.stations)
	];
}
