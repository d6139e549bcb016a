import type { ApplyContext } from './context';
import type { FieldGroup, LoadStatus, Reservation, ReservationStatus } from './reservation';
import { stageFor } from './status';

interface Transition {
	status?: ReservationStatus;
	loadStatus?: LoadStatus;
	reason: string;
	notes: string | null;
	/** A station reassignment appends a row but leaves stageStatus alone. */
	updatesStage?: boolean;
	pickedUp?: boolean;
}

/** Appends one stageHistory row (and updates stageStatus) for a status, load or card event. */
export function withHistory(r: Reservation, t: Transition, ctx: ApplyContext): Reservation {
	const toStatus = t.status ?? r.status;
	const toLoadStatus = t.loadStatus ?? r.loadStatus;
	const toStage = stageFor(
		toStatus,
		toLoadStatus,
		t.pickedUp ?? r.stageStatus.stage === 'picked_up'
	);
	const entry = {
		at: ctx.now,
		fromStatus: r.status,
		toStatus,
		fromLoadStatus: r.loadStatus,
		toLoadStatus,
		fromStage: r.stageStatus.stage,
		toStage,
		actorUid: ctx.actor.uid,
		actorRole: ctx.actor.role,
		reason: t.reason,
		notes: t.notes
	};
	const stageStatus =
		t.updatesStage === false
			? r.stageStatus
			: {
					stage: toStage,
					at: ctx.now,
					source: ctx.actor.role,
					reason: t.reason,
					notes: t.notes,
					actorUid: ctx.actor.uid,
					actorRole: ctx.actor.role
				};
	return {
		...r,
		status: toStatus,
		loadStatus: toLoadStatus,
		stageStatus,
		stageHistory: [...r.stageHistory, entry]
	};
}

/** Marks field groups as changed at the version this action will commit as. */
export function touch(
	r: Reservation,
	groups: readonly FieldGroup[],
	ctx: ApplyContext
): Reservation {
	const next = r.version + 1;
	const fieldVersions = { ...r.fieldVersions };
	for (const g of groups) fieldVersions[g] = next;
	return { ...r, fieldVersions, updatedAt: ctx.now };
}
