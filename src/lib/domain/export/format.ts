/**
 * Bundle format constants. Bump SCHEMA_VERSION (dated) with any change to columns or signing, and
 * add the format being replaced to READABLE_FORMATS so bundles people already hold still verify.
 */
// v2 (2026-12-01): the reservations dataset gained shortReference and the fee columns.
// v3 (2026-12-02): the owner's firings and fee charges (datasets `firings`, `fees`).
export const SCHEMA_VERSION = '2026-12-02.continuity.v3';
export const SIGNATURE_PREFIX = 'mfexp_';
export const SIGNATURE_ALGORITHM = 'sha256-canonical-json';

/** Datasets in summary/key order, each with its column order (also the CSV column order). */
export const DATASET_COLUMNS = {
	reservations: [
		'reservationId',
		// What a person reads and quotes (the kiosk's and the customer's reference); the id stays.
		'shortReference',
		'status',
		'loadStatus',
		'intakeMode',
		'firingType',
		'shelfEquivalent',
		'estimatedHalfShelves',
		'queuePositionHint',
		'queueClass',
		'assignedStationId',
		'pickupWindowStatus',
		'storageStatus',
		'arrivalStatus',
		'stageHistoryCount',
		'pieceRowCount',
		'storageActionCount',
		'hasPhoto',
		'notesGeneralPresent',
		'createdAt',
		'updatedAt',
		'feeCurrency',
		'feeFiringMinor',
		'feeTotalMinor',
		'feePaidMinor',
		'feeDueMinor',
		'feeComputedAt',
		'feePaidAt'
	],
	stageHistory: [
		'reservationId',
		'index',
		'at',
		'fromStage',
		'toStage',
		'fromStatus',
		'toStatus',
		'fromLoadStatus',
		'toLoadStatus',
		'actorUid',
		'actorRole',
		'reason',
		'notesPresent'
	],
	pieces: [
		'reservationId',
		'index',
		'pieceId',
		'pieceLabel',
		'pieceCount',
		'pieceStatus',
		'hasPhoto'
	],
	storageActions: [
		'reservationId',
		'index',
		'at',
		'kind',
		'detail',
		'status',
		'reminderOrdinal',
		'reminderCount',
		'failureCode'
	],
	storageAudit: [
		'auditId',
		'reservationId',
		'action',
		'reason',
		'fromStatus',
		'toStatus',
		'reminderOrdinal',
		'reminderCount',
		'failureCode',
		'requestId',
		'at',
		'createdAt'
	],
	queueFairnessAudit: [
		'evidenceId',
		'reservationId',
		'action',
		'reason',
		'actorUid',
		'actorRole',
		'policyVersion',
		'effectivePenaltyPoints',
		'requestId',
		'createdAt'
	],
	notifications: [
		'notificationId',
		'reservationId',
		'title',
		'body',
		'kind',
		'status',
		'createdAt',
		'readAt'
	],
	// One row per firing a reservation of the owner was in (other owners' work is never listed).
	firings: [
		'firingId',
		'reservationId',
		'stationId',
		'firingType',
		'targetCone',
		'state',
		'plannedDate',
		'loadingStartedAt',
		'firingStartedAt',
		'unloadedAt',
		'halfShelves',
		'outcome',
		'outcomeReason'
	],
	// One row per charge (firing fee, prepaid and daily storage); the firing row carries how the
	// fee was priced. They add up to the reservation's feeTotalMinor.
	fees: [
		'reservationId',
		'index',
		'kind',
		'label',
		'currency',
		'minor',
		'final',
		'priceTableVersion',
		'halfShelves',
		'baseMinor',
		'surchargeMinor',
		'minimumTopUpMinor'
	]
} as const;

export type DatasetName = keyof typeof DATASET_COLUMNS;
export const DATASET_NAMES = Object.keys(DATASET_COLUMNS) as DatasetName[];

/** The columns that identify a row, used to name a drifting row in checks. */
export const DATASET_KEYS: Record<DatasetName, readonly string[]> = {
	reservations: ['reservationId'],
	stageHistory: ['reservationId', 'index'],
	pieces: ['reservationId', 'index'],
	storageActions: ['reservationId', 'index'],
	storageAudit: ['auditId'],
	queueFairnessAudit: ['evidenceId'],
	notifications: ['notificationId'],
	firings: ['firingId', 'reservationId'],
	fees: ['reservationId', 'index']
};

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;
export type Datasets = Record<DatasetName, Row[]>;

export const REDACTION_RULES = [
	'Arrival codes are left out, and removed from message text.',
	'Photo URLs (reservation and piece) are replaced by a hasPhoto flag.',
	'General reservation notes are replaced by a notesGeneralPresent flag.',
	'Staff notes are left out; stage-history notes (staff-written) become a notesPresent flag.',
	'Firing notes and kiln program notes are left out; a firing lists only this owner’s work.'
] as const;

/** What a verifier needs of one bundle format: its datasets, in order, and their columns. */
export interface BundleFormat {
	names: readonly DatasetName[];
	columns: Readonly<Partial<Record<DatasetName, readonly string[]>>>;
}

export const CURRENT_FORMAT: BundleFormat = { names: DATASET_NAMES, columns: DATASET_COLUMNS };

const V2_NAMES = DATASET_NAMES.filter((d) => d !== 'firings' && d !== 'fees');
const only = (names: readonly DatasetName[]) =>
	Object.fromEntries(names.map((d) => [d, DATASET_COLUMNS[d]])) as BundleFormat['columns'];
const V2_COLUMNS = only(V2_NAMES);
const FEE_COLUMN = /^fee[A-Z]/;

/**
 * Every format this build still verifies, by schemaVersion. v1 and v2 bundles stay readable:
 * their signature covers their own datasets, so they are checked against their own columns.
 */
export const READABLE_FORMATS: Readonly<Record<string, BundleFormat>> = {
	'2026-11-25.continuity.v1': {
		names: V2_NAMES,
		columns: {
			...V2_COLUMNS,
			reservations: DATASET_COLUMNS.reservations.filter(
				(c) => c !== 'shortReference' && !FEE_COLUMN.test(c)
			)
		}
	},
	'2026-12-01.continuity.v2': { names: V2_NAMES, columns: V2_COLUMNS },
	[SCHEMA_VERSION]: CURRENT_FORMAT
};
