import { z } from 'zod';
import {
	AddOns,
	DateRange,
	FiringType,
	Instant,
	IntakeMode,
	LoadStatus,
	PieceCone,
	PieceHeight,
	Minor,
	ReservationStatus,
	WaitlistExpectation
} from './reservation';
import { FiringCreatePayload, FiringStepPayload } from './firing-record';
import { Reason, Text } from './text';

const Note = Text(1500);
const Id = z.string().min(1).max(160);

export const PieceInput = z.object({
	pieceId: z.string().trim().max(120).optional(),
	pieceLabel: Text(200).optional(),
	pieceCount: z.number().int().min(1).max(500).default(1),
	photoUrl: z.string().max(2000).optional(),
	heightCm: PieceHeight.optional(),
	cone: z.string().trim().pipe(PieceCone).optional()
});

export const IntakePayload = z.object({
	ownerUid: Id,
	customerName: Text(200).pipe(z.string().min(1)),
	firingType: FiringType.default('other'),
	intakeMode: IntakeMode.default('SHELF_PURCHASE'),
	shelfEquivalent: z.number().min(0.25).max(64).default(1),
	estimatedHalfShelves: z.number().min(0).max(128).nullable().default(null),
	addOns: AddOns.partial().default({}),
	preferredWindow: DateRange.default({ earliestDate: null, latestDate: null }),
	notesGeneral: Text(2000).nullable().default(null),
	pieces: z.array(PieceInput).max(250).default([]),
	assignedStationId: z.string().max(120).nullable().default(null)
});

/** Everything staff (or the public request page) can ask of the board, as named intents. */
export const Action = z.discriminatedUnion('type', [
	z.object({ type: z.literal('reservation.intake'), payload: IntakePayload }),
	z.object({
		type: z.literal('reservation.status'),
		payload: z.object({
			status: ReservationStatus,
			staffNotes: Note.nullable().default(null),
			expectation: WaitlistExpectation.nullable().default(null),
			/** Admin-only escape hatch out of CANCELLED (REQUESTED or CONFIRMED), audited. */
			override: z.object({ reason: Reason }).nullish()
		})
	}),
	z.object({
		type: z.literal('reservation.note'),
		/** The text of ONE new entry appended to the card's staff notes ('' adds nothing: a noop,
		 *  which older kiosks' queued "clear the note" rows become). */
		payload: z.object({ staffNotes: Note })
	}),
	z.object({
		type: z.literal('reservation.load'),
		payload: z.object({ loadStatus: LoadStatus, reason: Reason.nullable().default(null) })
	}),
	z.object({
		type: z.literal('reservation.assign_station'),
		payload: z.object({
			assignedStationId: z.string().trim().min(1).max(120),
			queueClass: z.string().trim().max(120).nullable().default(null)
		})
	}),
	z.object({
		type: z.literal('reservation.pickup_window'),
		payload: z.discriminatedUnion('action', [
			z.object({
				action: z.literal('staff_set_open_window'),
				confirmedStart: Instant,
				confirmedEnd: Instant,
				force: z.boolean().default(false),
				note: Note.nullable().default(null)
			}),
			z.object({ action: z.literal('staff_mark_missed'), note: Note.nullable().default(null) }),
			z.object({ action: z.literal('staff_mark_completed'), note: Note.nullable().default(null) })
		])
	}),
	z.object({
		type: z.literal('reservation.queue_fairness'),
		payload: z.discriminatedUnion('action', [
			z.object({
				action: z.literal('record_no_show'),
				reason: Reason,
				evidence: z.enum(['pickup_miss', 'arrival_record', 'staff_note'])
			}),
			z.object({
				action: z.literal('record_late_arrival'),
				reason: Reason,
				evidence: z.enum(['pickup_miss', 'arrival_record', 'staff_note'])
			}),
			z.object({
				action: z.literal('set_override_boost'),
				reason: Reason,
				boostPoints: z.number().int().min(0).max(20),
				overrideUntil: Instant.nullable().default(null)
			}),
			z.object({ action: z.literal('clear_override'), reason: Reason })
		])
	}),
	z.object({
		type: z.literal('reservation.arrival'),
		payload: z.discriminatedUnion('action', [
			z.object({
				action: z.literal('check_in'),
				code: z.string().trim().max(40).nullable().default(null),
				note: Note.nullable().default(null)
			}),
			z.object({ action: z.literal('reissue_code') })
		])
	}),
	z.object({
		type: z.literal('reservation.safety_hold'),
		payload: z.object({ hold: z.boolean(), reason: Reason })
	}),
	z.object({
		type: z.literal('reservation.escalate'),
		payload: z.object({ staffNotes: Note.pipe(z.string().min(1)), reason: Reason })
	}),
	z.object({
		type: z.literal('reservation.reactivate'),
		payload: z.object({ newReservationId: Id, reason: Reason })
	}),
	z.object({
		type: z.literal('reservation.fee_paid'),
		/** `amountMinor`: what the customer paid, as staff saw it owed (never more than the total). */
		payload: z.discriminatedUnion('action', [
			z.object({ action: z.literal('mark_paid'), amountMinor: Minor.pipe(z.number().min(1)) }),
			z.object({ action: z.literal('clear_paid'), reason: Reason })
		])
	}),
	z.object({
		type: z.literal('station.availability'),
		payload: z.object({
			stationId: z.string().trim().min(1).max(120),
			available: z.boolean(),
			reason: Reason
		})
	}),
	// Firings (domain/firings.ts): one action moves a whole kiln load; reservationId is null.
	z.object({ type: z.literal('firing.create'), payload: FiringCreatePayload }),
	z.object({ type: z.literal('firing.step'), payload: FiringStepPayload }),
	z.object({
		type: z.literal('station.element_change'),
		payload: z.object({ stationId: z.string().trim().min(1).max(120), reason: Reason })
	})
]);
export type Action = z.infer<typeof Action>;
export type ActionType = Action['type'];
/** Actions that name no reservation (station and firing records). */
export type RecordAction = Extract<
	Action,
	{ type: 'station.availability' | 'firing.create' | 'firing.step' | 'station.element_change' }
>;
/** Firing-log actions (firings and the kiln element reset): server/apply-firing.ts applies them. */
export const isFiringAction = (
	a: Action
): a is Extract<Action, { type: 'firing.create' | 'firing.step' | 'station.element_change' }> =>
	a.type === 'firing.create' || a.type === 'firing.step' || a.type === 'station.element_change';

/** Station and firing actions: applied to their own records, never through `applyAction`. */
export const isRecordAction = (a: Pick<Action, 'type'>): a is RecordAction =>
	a.type === 'station.availability' ||
	a.type === 'firing.create' ||
	a.type === 'firing.step' ||
	a.type === 'station.element_change';

export const ACTION_TYPES = Action.options.map((o) => o.shape.type.value) as ActionType[];
