import type { Action } from './actions';
import type { ApplyContext } from './context';
import { fail, type Failure } from './outcome';
import type { Reservation } from './reservation';
import { actorHasRole } from './roles';
import { normalizeStationId, type Station } from './stations';

type StationAction = Extract<Action, { type: 'station.availability' }>;

export type StationResult = { ok: true; station: Station; noop: boolean } | Failure;

/** A supervisor takes a station out of service (with a reason) or brings it back. */
export function applyStationAction(
	station: Station,
	action: StationAction,
	ctx: ApplyContext
): StationResult {
	if (!actorHasRole(ctx.actor.role, 'supervisor'))
		return fail('permission', 'Only a supervisor can change station availability.');
	if (normalizeStationId(action.payload.stationId, [station]) !== station.id)
		return fail('invalid', `Unknown station id “${action.payload.stationId}”.`);
	const { available, reason } = action.payload;
	if (station.available === available && (available || station.unavailableReason === reason))
		return { ok: true, station, noop: true };
	return {
		ok: true,
		station: { ...station, available, unavailableReason: available ? null : reason },
		noop: false
	};
}

export interface WaitlistSuggestion {
	reservationId: string;
	stationId: string | null;
	kind: 'safety_hold' | 'station_unavailable';
	/** Staff-facing reason, ready to prefill the Waitlist expectation ("TBD: …"). */
	reason: string;
}

/** Still-open work that staff should consider moving to WAITLISTED, and why. */
export function waitlistSuggestions(
	reservations: readonly Reservation[],
	stations: readonly Station[]
): WaitlistSuggestion[] {
	const byId = new Map(stations.map((s) => [s.id, s]));
	const out: WaitlistSuggestion[] = [];
	for (const r of reservations) {
		const open =
			(r.status === 'REQUESTED' || r.status === 'CONFIRMED') &&
			r.loadStatus !== 'loaded' &&
			!r.isArchived;
		if (!open) continue;
		const station = r.assignedStationId ? byId.get(r.assignedStationId) : undefined;
		if (r.safetyHold) {
			out.push({
				reservationId: r.id,
				stationId: r.assignedStationId,
				kind: 'safety_hold',
				reason: `Safety / kiln-fit hold: ${r.safetyHold.reason}`
			});
		} else if (station && !station.available) {
			out.push({
				reservationId: r.id,
				stationId: station.id,
				kind: 'station_unavailable',
				reason: `${station.label} unavailable: ${station.unavailableReason ?? 'out of service'}`
			});
		}
	}
	return out;
}
