/** Bundle format constants. Bump SCHEMA_VERSION (dated) with any change to columns or signing. */
// v2 (2026-12-01): the reservations dataset gained shortReference and the fee columns.
export const SCHEMA_VERSION = '2026-12-01.continuity.v2';
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
	notifications: ['notificationId']
};

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;
export type Datasets = Record<DatasetName, Row[]>;

export const REDACTION_RULES = [
	'Arrival codes are left out, and removed from message text.',
	'Photo URLs (reservation and piece) are replaced by a hasPhoto flag.',
	'General reservation notes are replaced by a notesGeneralPresent flag.',
	'Staff notes are left out; stage-history notes (staff-written) become a notesPresent flag.'
] as const;
