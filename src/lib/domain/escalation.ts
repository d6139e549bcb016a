import type { Reservation } from './reservation';
import { isRanked, BAND_DAYS } from './queue';
import type { Station } from './stations';
import { DAY_MS } from './step';

export type EscalationFlag = 'eta_moved_bands' | 'delayed_again' | 'station_outage';

export interface Outage {
	stationId: string;
	label: string;
	reason: string;
	reservationIds: string[];
}

/** An outage is escalated when it affects this many active reservations or more. */
export const OUTAGE_MIN_AFFECTED = 2;

/** Unavailable stations holding several active reservations. */
export function outageEscalations(
	stations: readonly Station[],
	reservations: readonly Reservation[]
): Outage[] {
	return stations
		.filter((s) => !s.available)
		.map((s) => ({
			stationId: s.id,
			label: s.label,
			reason: s.unavailableReason ?? 'out of service',
			reservationIds: reservations
				.filter((r) => r.assignedStationId === s.id && isRanked(r) && r.loadStatus !== 'loaded')
				.map((r) => r.id)
		}))
		.filter((o) => o.reservationIds.length >= OUTAGE_MIN_AFFECTED);
}

const startMs = (r: Reservation | null) =>
	r?.estimatedWindow?.currentStart ? Date.parse(r.estimatedWindow.currentStart) : null;

/**
 * Why a reservation needs a staff escalation after its ETA changed from `prev` to `next`:
 * the expected start moved LATER by more than one band (earlier is good news), or it slipped
 * into delay again after an earlier escalation; plus any outage on its station.
 */
export function escalationFlags(
	prev: Reservation | null,
	next: Reservation,
	outages: readonly Outage[] = []
): EscalationFlag[] {
	const flags: EscalationFlag[] = [];
	const before = startMs(prev);
	const after = startMs(next);
	const slipped = before !== null && after !== null && after - before > BAND_DAYS * DAY_MS;
	if (slipped) flags.push('eta_moved_bands');
	const nowDelayed =
		next.estimatedWindow?.slaState === 'delayed' && prev?.estimatedWindow?.slaState !== 'delayed';
	const escalatedBefore = next.stageHistory.some((h) => h.reason === 'eta_escalated');
	if ((slipped || nowDelayed) && escalatedBefore) flags.push('delayed_again');
	if (outages.some((o) => o.reservationIds.includes(next.id))) flags.push('station_outage');
	return flags;
}

/** The card as the customer last heard it: its ETA at the last promise (null when none yet). */
function asPromised(r: Reservation): Reservation | null {
	const w = r.estimatedWindow;
	if (!w?.promisedStart) return null;
	return {
		...r,
		estimatedWindow: {
			...w,
			currentStart: w.promisedStart,
			slaState: w.promisedSlaState ?? 'unknown'
		}
	};
}

export interface BoardEscalation {
	reservationId: string;
	flags: EscalationFlag[];
}

/** Staff words for each flag (the list shows words, not colour). */
export const ESCALATION_FLAG_WORDS: Record<EscalationFlag, string> = {
	eta_moved_bands: 'ETA moved later by more than one band since the customer was told',
	delayed_again: 'Delayed again after an earlier escalation',
	station_outage: 'Its station is out of service'
};

/**
 * Every active card that needs a staff escalation now: its ETA against what the customer was
 * last told (first estimate or last escalation), plus station outages.
 */
export function boardEscalations(
	reservations: readonly Reservation[],
	stations: readonly Station[]
): BoardEscalation[] {
	const outages = outageEscalations(stations, reservations);
	return reservations
		.filter((r) => isRanked(r) && r.loadStatus !== 'loaded')
		.map((r) => ({ reservationId: r.id, flags: escalationFlags(asPromised(r), r, outages) }))
		.filter((e) => e.flags.length > 0);
}
