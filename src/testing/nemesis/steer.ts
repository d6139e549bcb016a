import { isRecordAction } from '../../lib/domain/actions';
import { dryRun, dryRunContext } from '../../lib/domain/available';
import type { ActorRole, Reservation } from '../../lib/domain/reservation';
import type { Station } from '../../lib/domain/stations';
import type { OutboxRow } from '../../lib/client/db';
import { deriveBoard } from '../../lib/client/view';
import { buildAction, type CardOp } from './scenario';

/** Every op the scenario can generate for a card (malformed and station-wide ones aside). */
const CANDIDATES: CardOp[] = [
	...[0, 1, 2, 3].flatMap((station): CardOp[] => [
		{ op: 'intake', halfShelves: 2, community: false, station },
		{ op: 'assign', station }
	]),
	{ op: 'intake', halfShelves: 1, community: true, station: null },
	...(['CONFIRMED', 'WAITLISTED', 'CANCELLED'] as const).flatMap((to): CardOp[] => [
		{ op: 'status', to, note: false },
		{ op: 'status', to, note: true }
	]),
	{ op: 'override', to: 'CONFIRMED' },
	{ op: 'override', to: 'REQUESTED' },
	...[0, 1, 3, 4, 5].map((text): CardOp => ({ op: 'note', text })),
	{ op: 'load', to: 'loading' },
	{ op: 'load', to: 'loaded' },
	{ op: 'load', to: 'queued' },
	...(
		['record_no_show', 'record_late_arrival', 'set_override_boost', 'clear_override'] as const
	).map((action): CardOp => ({ op: 'fairness', action, evidence: 'staff_note' }))
];

export interface KioskView {
	reservations: readonly Reservation[];
	outbox: readonly OutboxRow[];
	stations: readonly Station[];
	roles: ReadonlyMap<string, ActorRole>;
}

/**
 * The ops the domain would apply and that change something, dry-run against this kiosk's own
 * optimistic view (the same `deriveBoard` the board renders): what a member of staff sees as a
 * live button. The server may still refuse one (another kiosk got there first): that is the point.
 */
export function validOps(view: KioskView, card: string, actorUid: string, now: string): CardOp[] {
	const role = (uid: string) => view.roles.get(uid) ?? 'staff';
	const board = deriveBoard(view.reservations, view.outbox, view.stations, now, role);
	const current = board.find((c) => c.reservation.id === card)?.reservation ?? null;
	const peers = (stationId: string) =>
		board
			.map((c) => c.reservation)
			.filter((r) => r.assignedStationId === stationId && !r.isArchived);
	return CANDIDATES.filter((op) => {
		const { action } = buildAction(op, card);
		if (isRecordAction(action)) return false;
		const ctx = dryRunContext({ uid: actorUid, role: role(actorUid) }, view.stations, peers, now);
		// The kiosk's own dry run (role table, then the domain; a no-op counts as refused).
		return dryRun(current, action, card, ctx).ok;
	});
}
