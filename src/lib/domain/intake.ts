import { z } from 'zod';
import type { IntakePayload } from './actions';
import type { ApplyContext } from './context';
import { EMPTY_FAIRNESS, computeFairnessPolicy } from './fairness';
import type { Piece, Reservation } from './reservation';
import { stationRefusal } from './assign-station';
import { normalizeStationId } from './stations';
import { fail, type Failure } from './outcome';

/** Piece code: explicit (upper-cased, A-Z0-9_-) or `<RESERVATION>-<ordinal>`. */
function pieceRows(id: string, input: z.infer<typeof IntakePayload>['pieces']): Piece[] {
	const prefix = id
		.replace(/[^A-Za-z0-9]/g, '')
		.slice(0, 6)
		.toUpperCase()
		.padEnd(6, 'X');
	const seen = new Set<string>();
	return input
		.filter((p) => p.pieceId || p.pieceLabel || p.photoUrl)
		.map((p, i) => {
			let pieceId = (p.pieceId ?? '').toUpperCase().replace(/[^A-Z0-9_-]/g, '');
			if (!pieceId) pieceId = `KB-${prefix}-${String(i + 1).padStart(2, '0')}`;
			while (seen.has(pieceId)) pieceId = `${pieceId}-${i + 1}`;
			seen.add(pieceId);
			return {
				pieceId,
				pieceLabel: p.pieceLabel ?? null,
				pieceCount: p.pieceCount,
				pieceStatus: 'awaiting_placement' as const,
				photoUrl: p.photoUrl ?? null,
				heightCm: p.heightCm ?? null,
				cone: p.cone ?? null
			};
		});
}

export function createReservation(
	id: string,
	input: z.infer<typeof IntakePayload>,
	ctx: ApplyContext
): { ok: true; reservation: Reservation } | Failure {
	let stationId: string | null = null;
	if (input.assignedStationId) {
		stationId = normalizeStationId(input.assignedStationId, ctx.stations);
		if (!stationId) return fail('invalid', `Unknown station id “${input.assignedStationId}”.`);
	}
	const addOns = {
		rushRequested: false,
		wholeKilnRequested: false,
		communityShelfFillInAllowed: false,
		prepaidStorageRequested: false,
		...input.addOns
	};
	const intakeMode =
		input.intakeMode === 'SHELF_PURCHASE' && addOns.wholeKilnRequested
			? 'WHOLE_KILN'
			: input.intakeMode;
	const reservation: Reservation = {
		id,
		ownerUid: input.ownerUid,
		customerName: input.customerName,
		createdByUid: ctx.actor.uid,
		createdByRole: ctx.actor.role,
		createdAt: ctx.now,
		updatedAt: ctx.now,
		version: 1,
		fieldVersions: {},
		status: 'REQUESTED',
		loadStatus: 'queued',
		stageStatus: {
			stage: 'intake',
			at: ctx.now,
			source: ctx.actor.role,
			reason: 'reservation_created',
			notes: null,
			actorUid: ctx.actor.uid,
			actorRole: ctx.actor.role
		},
		stageHistory: [
			{
				at: ctx.now,
				fromStatus: null,
				toStatus: 'REQUESTED',
				fromLoadStatus: null,
				toLoadStatus: 'queued',
				fromStage: null,
				toStage: 'intake',
				actorUid: ctx.actor.uid,
				actorRole: ctx.actor.role,
				reason: 'reservation_created',
				notes: null
			}
		],
		staffNotes: [],
		waitlistExpectation: null,
		safetyHold: null,
		linkedReservationId: null,
		firingType: input.firingType,
		shelfEquivalent: input.shelfEquivalent,
		estimatedHalfShelves: input.estimatedHalfShelves,
		footprintHalfShelves: null,
		tiers: null,
		intakeMode,
		addOns,
		preferredWindow: input.preferredWindow,
		notesGeneral: input.notesGeneral,
		photoUrl: null,
		pieces: pieceRows(id, input.pieces),
		assignedStationId: stationId,
		queueClass: stationId,
		queuePositionHint: null,
		estimatedWindow: null,
		queueFairness: EMPTY_FAIRNESS,
		queueFairnessPolicy: computeFairnessPolicy(EMPTY_FAIRNESS, ctx.now),
		pickupWindow: null,
		readyForPickupAt: null,
		storageStatus: null,
		storageNoticeHistory: [],
		storageBilling: null,
		pickupReminderCount: 0,
		isArchived: false,
		archivedAt: null,
		crateDwellMs: null,
		crateCheckedOutAt: null,
		arrivalStatus: null,
		arrivedAt: null,
		arrivalToken: null,
		arrivalTokenVersion: 0,
		arrivalTokenIssuedAt: null,
		arrivalTokenExpiresAt: null,
		fee: null
	};
	// Intake straight onto a station passes the same availability and capacity check as assigning.
	const station = ctx.stations.find((s) => s.id === stationId);
	const refused = station ? stationRefusal(reservation, station, ctx) : null;
	if (refused) return refused;
	return { ok: true, reservation };
}
