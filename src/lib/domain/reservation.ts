import { z } from 'zod';
import { Reason } from './text';

/** ISO-8601 instant with millisecond precision, always UTC (`2026-11-25T09:44:19.000Z`). */
export const Instant = z.iso.datetime({ offset: false, precision: 3 });
export type Instant = z.infer<typeof Instant>;

export const ReservationStatus = z.enum(['REQUESTED', 'CONFIRMED', 'WAITLISTED', 'CANCELLED']);
export type ReservationStatus = z.infer<typeof ReservationStatus>;

export const LoadStatus = z.enum(['queued', 'loading', 'loaded']);
export type LoadStatus = z.infer<typeof LoadStatus>;

/** One derived stage vocabulary (the origin portal had two that disagreed). */
export const Stage = z.enum(['intake', 'queued', 'loading', 'loaded', 'picked_up', 'cancelled']);
export type Stage = z.infer<typeof Stage>;

export const Role = z.enum(['staff', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

export const ActorRole = z.enum(['client', 'staff', 'supervisor', 'admin', 'system']);
export type ActorRole = z.infer<typeof ActorRole>;

export const FiringType = z.enum(['bisque', 'glaze', 'other']);
export const IntakeMode = z.enum(['SHELF_PURCHASE', 'WHOLE_KILN', 'COMMUNITY_SHELF']);
export type IntakeMode = z.infer<typeof IntakeMode>;

export const AddOns = z.object({
	rushRequested: z.boolean().default(false),
	wholeKilnRequested: z.boolean().default(false),
	communityShelfFillInAllowed: z.boolean().default(false),
	prepaidStorageRequested: z.boolean().default(false)
});
export type AddOns = z.infer<typeof AddOns>;

export const DateRange = z
	.object({ earliestDate: Instant.nullable(), latestDate: Instant.nullable() })
	.refine((r) => !r.earliestDate || !r.latestDate || r.earliestDate <= r.latestDate, {
		message: 'earliestDate must not be after latestDate'
	});

export const StageHistoryEntry = z.object({
	at: Instant,
	fromStatus: ReservationStatus.nullable(),
	toStatus: ReservationStatus,
	fromLoadStatus: LoadStatus.nullable(),
	toLoadStatus: LoadStatus,
	fromStage: Stage.nullable(),
	toStage: Stage,
	actorUid: z.string(),
	actorRole: ActorRole,
	/** Machine reason code; people see `describeReason(reason)`. */
	reason: z.string(),
	notes: z.string().nullable()
});
export type StageHistoryEntry = z.infer<typeof StageHistoryEntry>;

export const StageStatus = z.object({
	stage: Stage,
	at: Instant,
	source: ActorRole,
	reason: z.string(),
	notes: z.string().nullable(),
	actorUid: z.string(),
	actorRole: ActorRole
});
export type StageStatus = z.infer<typeof StageStatus>;

export const PieceHeight = z.number().min(0.5).max(300);
/** Orton cone numbers as potters write them: 022–01 with the leading zero, 1–14 without. */
export const PieceCone = z.string().regex(/^(0(1[0-9]|2[0-2])|0[1-9]|[1-9]|1[0-4])$/);
export const PieceStatus = z.enum(['awaiting_placement', 'loaded', 'fired', 'ready', 'picked_up']);
export const Piece = z.object({
	pieceId: z
		.string()
		.min(1)
		.max(120)
		.regex(/^[A-Z0-9_-]+$/),
	pieceLabel: z.string().max(200).nullable(),
	pieceCount: z.number().int().min(1).max(500),
	pieceStatus: PieceStatus,
	photoUrl: z.string().max(2000).nullable(),
	/** Height in cm when measured at intake (sizes a shelf); older rows have none. */
	heightCm: PieceHeight.nullable().default(null),
	/** Target cone when the customer asked for one ("6", "06"); older rows have none. */
	cone: PieceCone.nullable().default(null)
});
export type Piece = z.infer<typeof Piece>;

export const SlaState = z.enum(['on_track', 'at_risk', 'delayed', 'unknown']);
export const Confidence = z.enum(['high', 'medium', 'low']);
export const EstimatedWindow = z.object({
	currentStart: Instant.nullable(),
	currentEnd: Instant.nullable(),
	/** Band index (0 = days 0–2 from the anchor); null when not in the running order. */
	band: z.number().int().nullable(),
	anchorAt: Instant.nullable(),
	updatedAt: Instant,
	slaState: SlaState,
	confidence: Confidence.nullable(),
	/**
	 * The start (and service state) the customer was last told: set by the first estimate and
	 * by each staff escalation; a later slip of more than a band against it is escalated to staff.
	 */
	promisedStart: Instant.nullable().default(null),
	promisedSlaState: SlaState.nullable().default(null)
});
export type EstimatedWindow = z.infer<typeof EstimatedWindow>;

export const QueueFairness = z.object({
	noShowCount: z.number().int().min(0),
	lateArrivalCount: z.number().int().min(0),
	overrideBoost: z.number().int().min(0).max(20),
	overrideReason: z.string().nullable(),
	overrideUntil: Instant.nullable(),
	updatedAt: Instant.nullable(),
	updatedByUid: z.string().nullable(),
	lastPolicyNote: z.string().nullable(),
	lastEvidenceId: z.string().nullable()
});
export type QueueFairness = z.infer<typeof QueueFairness>;

export const FairnessReasonCode = z.enum([
	'no_show',
	'repeat_no_show',
	'late_arrival',
	'staff_override_boost'
]);
export const QueueFairnessPolicy = z.object({
	noShowCount: z.number().int(),
	lateArrivalCount: z.number().int(),
	penaltyPoints: z.number().int(),
	effectivePenaltyPoints: z.number().int(),
	overrideBoostApplied: z.number().int(),
	reasonCodes: z.array(FairnessReasonCode),
	policyVersion: z.string(),
	computedAt: Instant
});
export type QueueFairnessPolicy = z.infer<typeof QueueFairnessPolicy>;

export const PickupWindowStatus = z.enum(['open', 'confirmed', 'missed', 'expired', 'completed']);
export const PickupWindow = z.object({
	status: PickupWindowStatus,
	confirmedStart: Instant.nullable(),
	confirmedEnd: Instant.nullable(),
	confirmedAt: Instant.nullable(),
	completedAt: Instant.nullable(),
	missedCount: z.number().int().min(0),
	lastMissedAt: Instant.nullable()
});
export type PickupWindow = z.infer<typeof PickupWindow>;

export const StorageStatus = z.enum([
	'active',
	'reminder_pending',
	'hold_pending',
	'stored_by_policy',
	'picked_up'
]);
export type StorageStatus = z.infer<typeof StorageStatus>;

export const StorageNotice = z.object({
	at: Instant,
	kind: z.string(),
	detail: z.string(),
	status: StorageStatus.nullable(),
	reminderOrdinal: z.number().int().nullable(),
	reminderCount: z.number().int().nullable(),
	failureCode: z.string().nullable()
});
export type StorageNotice = z.infer<typeof StorageNotice>;

export const StorageBilling = z.object({
	chargeBasisHalfShelves: z.number().int().min(1),
	dailyRatePerHalfShelf: z.number(),
	graceEndsAt: Instant,
	billingStartsAt: Instant,
	billingEndsAt: Instant,
	billedDays: z.number().int().min(0).max(28),
	accruedCost: z.number(),
	status: z.enum(['grace', 'billing', 'reclaimed', 'settled']),
	reclaimedAt: Instant.nullable()
});
export type StorageBilling = z.infer<typeof StorageBilling>;

/** Money is an integer count of the currency's minor unit (cents, pence); never a float. */
export const Minor = z.number().int().min(0).max(100_000_000);

/** ISO 4217 code (`GBP`, `EUR`, `USD`); the studio configures it, the table carries it. */
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code');

/**
 * A reservation's firing fee, fixed when it first reaches `loaded` (price changes later do not
 * move it). `paidMinor` is what staff marked as paid; storage accrued after that stays due.
 */
export const Fee = z.object({
	currency: Currency,
	priceTableVersion: z.string().max(80),
	firingType: FiringType,
	halfShelves: z.number().int().min(1),
	baseMinor: Minor,
	surchargeMinor: Minor,
	/** Added to reach the table's minimum (0 when the priced work already reaches it). */
	minimumTopUpMinor: Minor,
	firingMinor: Minor,
	computedAt: Instant,
	paidMinor: Minor.nullable(),
	paidAt: Instant.nullable(),
	paidByUid: z.string().nullable()
});
export type Fee = z.infer<typeof Fee>;

export const ArrivalStatus = z.enum(['expected', 'arrived', 'overdue', 'no_show']);

/** What staff told a waitlisted customer to expect: a target window, or TBD with a reason. */
export const WaitlistExpectation = z.union([
	z.object({ kind: z.literal('window'), targetStart: Instant, targetEnd: Instant }),
	z.object({ kind: z.literal('tbd'), reason: Reason })
]);
export type WaitlistExpectation = z.infer<typeof WaitlistExpectation>;

/**
 * One staff note. Notes are an append-only list (never replaced), so two kiosks that add notes
 * to the same card from the same base version both keep theirs. `source` says what wrote it:
 * the action type (`reservation.note`, `reservation.status`, …) or `fairness:<action>`.
 */
export const StaffNote = z.object({
	id: z.string().min(1).max(240),
	at: Instant,
	byUid: z.string(),
	text: z.string().max(1500),
	source: z.string().max(80)
});
export type StaffNote = z.infer<typeof StaffNote>;

/** Field groups whose last-changed version decides whether a queued action is stale. */
export const FieldGroup = z.enum([
	'status',
	'load',
	'station',
	'pickup',
	'fairness',
	'notes',
	'arrival',
	'hold',
	'storage',
	'fee'
]);
export type FieldGroup = z.infer<typeof FieldGroup>;

export const Reservation = z.object({
	id: z.string().min(1).max(160),
	ownerUid: z.string().min(1),
	customerName: z.string().min(1).max(200),
	createdByUid: z.string().nullable(),
	createdByRole: ActorRole,
	createdAt: Instant,
	updatedAt: Instant,
	/** Server version, +1 per applied action; 0 until the server has it. */
	version: z.number().int().min(0),
	/** Version at which each field group last changed (drives `stale`). */
	fieldVersions: z.partialRecord(FieldGroup, z.number().int().min(0)),

	status: ReservationStatus,
	loadStatus: LoadStatus,
	stageStatus: StageStatus,
	stageHistory: z.array(StageHistoryEntry),
	staffNotes: z.array(StaffNote),
	waitlistExpectation: WaitlistExpectation.nullable(),
	safetyHold: z.object({ reason: z.string(), at: Instant, byUid: z.string() }).nullable(),
	linkedReservationId: z.string().nullable(),

	firingType: FiringType,
	shelfEquivalent: z.number().min(0.25).max(64),
	estimatedHalfShelves: z.number().min(0).max(128).nullable(),
	footprintHalfShelves: z.number().min(0).max(128).nullable(),
	tiers: z.number().min(0).max(20).nullable(),
	intakeMode: IntakeMode,
	addOns: AddOns,
	preferredWindow: DateRange,
	notesGeneral: z.string().max(2000).nullable(),
	photoUrl: z.string().max(2000).nullable(),
	pieces: z.array(Piece).max(250),

	assignedStationId: z.string().nullable(),
	queueClass: z.string().max(120).nullable(),
	queuePositionHint: z.number().int().min(1).nullable(),
	estimatedWindow: EstimatedWindow.nullable(),
	queueFairness: QueueFairness,
	queueFairnessPolicy: QueueFairnessPolicy,

	pickupWindow: PickupWindow.nullable(),
	readyForPickupAt: Instant.nullable(),
	storageStatus: StorageStatus.nullable(),
	storageNoticeHistory: z.array(StorageNotice),
	storageBilling: StorageBilling.nullable(),
	pickupReminderCount: z.number().int().min(0),
	isArchived: z.boolean(),
	archivedAt: Instant.nullable(),
	crateDwellMs: z.number().int().nullable(),
	crateCheckedOutAt: Instant.nullable(),

	arrivalStatus: ArrivalStatus.nullable(),
	arrivedAt: Instant.nullable(),
	arrivalToken: z.string().nullable(),
	arrivalTokenVersion: z.number().int().min(0),
	arrivalTokenIssuedAt: Instant.nullable(),
	arrivalTokenExpiresAt: Instant.nullable(),

	/** Firing fee fixed when first loaded (docs/policies/fees.md); null before, and on old rows. */
	fee: Fee.nullable().default(null)
});
export type Reservation = z.infer<typeof Reservation>;

/** Every top-level field of the reservation; the documentation gate test reads this list. */
export const RESERVATION_FIELDS = Object.keys(Reservation.shape) as (keyof Reservation)[];
