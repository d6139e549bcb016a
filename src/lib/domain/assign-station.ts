import { capacityMessage, stationUsed } from './capacity';
import type { ApplyContext } from './context';
import { halfShelves } from './half-shelves';
import { touch, withHistory } from './history';
import { fail, type Failure } from './outcome';
import type { Reservation } from './reservation';
import { normalizeStationId, type Station } from './stations';
import { applied, unchanged, type Step } from './step';

interface Room {
	stationId: string;
	label: string;
	free: number;
}

/** Available stations other than `exceptId` with room for `needed` half-shelves, most free first. */
function roomElsewhere(
	r: Reservation,
	exceptId: string,
	needed: number,
	ctx: ApplyContext
): Room[] {
	return ctx.stations
		.filter((s) => s.id !== exceptId && s.available)
		.map((s) => ({
			stationId: s.id,
			label: s.label,
			free: s.capacityHalfShelves - stationUsed(ctx.stationPeers(s.id), r.id)
		}))
		.filter((s) => s.free >= needed)
		.sort((a, b) => b.free - a.free || (a.stationId < b.stationId ? -1 : 1));
}

function capacityFailure(
	r: Reservation,
	s: Station,
	used: number,
	needed: number,
	ctx: ApplyContext
) {
	const over = used + needed - s.capacityHalfShelves;
	const room = roomElsewhere(r, s.id, needed, ctx);
	const details = {
		stationId: s.id,
		stationLabel: s.label,
		used,
		capacity: s.capacityHalfShelves,
		needed,
		over,
		roomElsewhere: room
	};
	return fail('capacity', capacityMessage(details), details);
}

/** Why `r` may not go onto `station` (unavailable, or no room for it); null when it fits. */
export function stationRefusal(
	r: Reservation,
	station: Station,
	ctx: ApplyContext
): Failure | null {
	if (!station.available)
		return fail(
			'conflict',
			`${station.label} is unavailable: ${station.unavailableReason ?? 'marked out of service'}.`,
			{ stationId: station.id, reason: station.unavailableReason }
		);
	return roomRefusal(r, station, ctx);
}

/** A capacity failure when `r` does not fit on `station` beside its other work; null when it does. */
export function roomRefusal(r: Reservation, station: Station, ctx: ApplyContext): Failure | null {
	const needed = r.intakeMode === 'COMMUNITY_SHELF' ? 0 : halfShelves(r);
	const used = stationUsed(ctx.stationPeers(station.id), r.id);
	if (used + needed > station.capacityHalfShelves)
		return capacityFailure(r, station, used, needed, ctx);
	return null;
}

/** Puts work on a kiln station, refusing unknown, unavailable or full stations. */
export function assignStation(
	r: Reservation,
	p: { assignedStationId: string; queueClass: string | null },
	ctx: ApplyContext
): Step {
	const id = normalizeStationId(p.assignedStationId, ctx.stations);
	if (!id) return fail('invalid', `Unknown station id “${p.assignedStationId}”.`);
	const station = ctx.stations.find((s) => s.id === id) as Station;
	const lane = p.queueClass ? p.queueClass.trim().toLowerCase() : null;
	if (r.status === 'CANCELLED')
		return fail('conflict', 'This reservation is cancelled; it cannot be assigned to a station.');
	const sameStation = r.assignedStationId === id;
	if (sameStation && (lane === null || lane === r.queueClass)) return unchanged(r);
	if (!sameStation) {
		const refused = stationRefusal(r, station, ctx);
		if (refused) return refused;
	}
	const from = ctx.stations.find((s) => s.id === r.assignedStationId)?.label ?? 'Unassigned';
	const next = withHistory(
		{ ...r, assignedStationId: id, queueClass: lane ?? (sameStation ? r.queueClass : id) },
		{
			reason: sameStation ? 'queue_class_updated' : 'station_assignment_updated',
			notes: sameStation ? `Lane: ${lane}` : `${from} → ${station.label}`,
			updatesStage: false
		},
		ctx
	);
	return applied(touch(next, ['station'], ctx));
}
