/** Readable words for every machine reason code written to stageHistory / stageStatus. */
const FIXED: Record<string, string> = {
	reservation_created: 'Reservation created',
	staff_note_updated: 'Staff note updated',
	reservation_loading_start: 'Loading started',
	reservation_loaded: 'Marked loaded',
	reservation_load_corrected: 'Load corrected back to queued',
	station_assignment_updated: 'Station assignment updated',
	queue_class_updated: 'Queue lane updated',
	pickup_window_opened: 'Pickup window opened',
	pickup_window_missed: 'Pickup window missed',
	pickup_window_completed: 'Picked up',
	queue_fairness_no_show_recorded: 'No-show recorded',
	queue_fairness_late_arrival_recorded: 'Late arrival recorded',
	queue_fairness_override_set: 'Fairness override set',
	queue_fairness_override_cleared: 'Fairness override cleared',
	arrival_checkin: 'Checked in at drop-off',
	arrival_token_checkin: 'Checked in with arrival code',
	arrival_token_rotated: 'Arrival code reissued',
	safety_hold_set: 'Put on safety / kiln-fit hold',
	safety_hold_released: 'Safety / kiln-fit hold released',
	eta_escalated: 'Delay escalated to the customer',
	reactivation_requested: 'Reactivated as a new reservation',
	reactivated_from: 'Created from a cancelled reservation',
	fee_marked_paid: 'Fee marked paid',
	fee_paid_cleared: 'Paid mark cleared',
	firing_loading: 'Firing: kiln loading (card already loading)',
	firing_started: 'Firing started',
	firing_unloaded: 'Firing unloaded (card already loaded)',
	firing_flagged: 'Flagged in a firing for supervisor review'
};

const STATUS_WORD: Record<string, string> = {
	REQUESTED: 'Requested',
	CONFIRMED: 'Confirmed',
	WAITLISTED: 'Waitlisted',
	CANCELLED: 'Cancelled'
};

export function describeReason(reason: string): string {
	const o = /^admin_override:([A-Z]+)->([A-Z]+)$/.exec(reason);
	if (o) return `Admin override: ${STATUS_WORD[o[1]] ?? o[1]} → ${STATUS_WORD[o[2]] ?? o[2]}`;
	const m = /^status:([A-Z]+)->([A-Z]+)$/.exec(reason);
	if (m) {
		const [, from, to] = m;
		return from === to
			? `Kept ${STATUS_WORD[to] ?? to} (note added)`
			: `${STATUS_WORD[from] ?? from} → ${STATUS_WORD[to] ?? to}`;
	}
	return FIXED[reason] ?? reason.replace(/[_:]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
}
