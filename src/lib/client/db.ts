import type { Firing } from '../domain/firing-record';
import { Dexie, type DexieOptions, type Table } from 'dexie';
import type { Action } from '../domain/actions';
import type { CustomerNotification, FairnessEvidence, StorageAuditRow } from '../domain/effects';
import { notesFromLegacy } from '../domain/notes';
import type { FailureCode } from '../domain/outcome';
import type { Reservation } from '../domain/reservation';
import type { PriceTable } from '../domain/fees';
import type { Station } from '../domain/stations';
import type { CustomerContact, RosterEntry } from '../sync/contract';

/** Framework-free on purpose: the service worker imports this module by relative path. */

export const DB_NAME = 'kilnboard';
const EPOCH = '1970-01-01T00:00:00.000Z';

export type OutboxState = 'pending' | 'syncing' | 'synced' | 'failed' | 'held';

export interface OutboxResult {
	code: FailureCode;
	message: string;
	details: Record<string, unknown> | null;
	serverCopy: Reservation | null;
	at: string;
}

/** retried / discarded by a supervisor; cleared after a check; requeued = a server-held row resent under a new revision. */
export type Resolution = 'retried' | 'discarded' | 'cleared' | 'requeued';

/** One queued staff intent. `queueRevision` only grows per device and is never reused. */
export type OutboxRow = {
	queueRevision: number;
	deviceId: string;
	actorUid: string;
	reservationId: string | null;
	baseVersion: number;
	createdAt: string;
	state: OutboxState;
	attempts: number;
	lastAttemptAt: string | null;
	result?: OutboxResult;
	/** The failed revision this row waits on. */
	heldBy?: number;
	checkedBy?: string;
	checkedAt?: string;
	checkedNote?: string;
	/** The archived revision this row replaces (retry on current state, or a requeued held row). */
	replaces?: number;
	/** The actor's signature over the wire action (sync/pin.ts), made while they were unlocked. */
	proof?: string;
	/** Not sent before this instant: the undo window of a one-tap action (see `planBatch`). */
	sendAfter?: string;
} & Action;

/** A failure taken off the queue: never deleted, searchable by who, when and why. */
export type ArchiveRow = OutboxRow & {
	resolution: Resolution;
	resolvedBy: string;
	resolvedAt: string;
	resolutionNote: string | null;
	/** Revision of the replacement action when retried. */
	retriedAs?: number;
};

export interface PinLock {
	failures: number;
	lockedUntil: string | null;
}

export interface MetaValues {
	deviceId: string;
	token: string;
	label: string;
	/** Next queueRevision to hand out; survives clearing so revisions are never reused. */
	nextRevision: number;
	cursor: number;
	lastSyncAt: string | null;
	lastError: { code: string; message: string; at: string } | null;
	serverReachable: boolean;
	needsSignIn: boolean;
	deviceRevoked: boolean;
	/** Superseded by `pinLocks` (per person); old kiosks may still hold it, nothing reads it. */
	pinLock: { failures: number; lockedUntil: string | null };
	/** Wrong-PIN count and lockout per staff member: one person's typos never lock out another. */
	pinLocks: Record<string, PinLock>;
	idleSeconds: number;
	persisted: boolean;
	/** The studio's IANA zone, from the last pull. */
	timeZone: string;
	/** The server's hash of the stations and roster stored here (pull sends it as `have`). */
	tablesDigest: string;
	/** The studio price table from the last pull that carried it (null: the studio has none). */
	prices: PriceTable | null;
	/** The server's hash of the customer contacts stored here (pull sends it as `haveContacts`). */
	contactsDigest: string;
}
export type MetaKey = keyof MetaValues;
export type MetaRow = { key: MetaKey; value: unknown };
export type Meta = Partial<MetaValues>;

/** A request a member of staff opened on this kiosk, or the `@since` row: when it began noticing. */
export interface SeenRow {
	id: string;
	at: string;
}

export interface DiagnosticLine {
	seq?: number;
	at: string;
	level: 'debug' | 'info' | 'warn' | 'error';
	msg: string;
	data?: Record<string, unknown>;
}

/** Schema as shipped by the foundation issue; kept so upgrades from it stay tested. */
export const SCHEMA_V1 = {
	reservations: 'id, assignedStationId, status',
	stations: 'id',
	roster: 'uid',
	outbox: 'queueRevision, state, reservationId',
	meta: 'key'
};

export const SCHEMA_V2 = {
	reservations: 'id, assignedStationId, status, updatedAt',
	stations: 'id',
	roster: 'uid',
	outbox: 'queueRevision, state, reservationId, [reservationId+queueRevision]',
	archive: 'queueRevision, resolvedAt, resolution, reservationId, actorUid, type',
	notifications: 'id, reservationId, createdAt',
	fairnessAudit: 'evidenceId, reservationId',
	storageAudit: 'auditId, reservationId',
	meta: 'key',
	diagnostics: '++seq, at'
};

export class KilnDb extends Dexie {
	reservations!: Table<Reservation, string>;
	stations!: Table<Station, string>;
	roster!: Table<RosterEntry, string>;
	outbox!: Table<OutboxRow, number>;
	archive!: Table<ArchiveRow, number>;
	notifications!: Table<CustomerNotification, string>;
	fairnessAudit!: Table<FairnessEvidence, string>;
	storageAudit!: Table<StorageAuditRow, string>;
	meta!: Table<MetaRow, MetaKey>;
	diagnostics!: Table<DiagnosticLine, number>;
	firings!: Table<Firing, string>;
	seen!: Table<SeenRow, string>;
	contacts!: Table<CustomerContact, string>;

	/** `options` lets tests give each simulated kiosk its own IndexedDB factory. */
	constructor(name = DB_NAME, options?: DexieOptions) {
		super(name, options);
		this.version(1).stores(SCHEMA_V1);
		this.version(2)
			.stores(SCHEMA_V2)
			.upgrade(async (tx) => {
				// Fill fields v1 rows lacked; never throw here — a failed upgrade bricks the queue.
				let maxRev = 0;
				await tx
					.table('outbox')
					.toCollection()
					.modify((row: Partial<OutboxRow>) => {
						row.attempts ??= 0;
						row.lastAttemptAt ??= null;
						maxRev = Math.max(maxRev, row.queueRevision ?? 0);
					});
				const next = (await tx.table('meta').get('nextRevision')) as MetaRow | undefined;
				if (!next || Number(next.value) <= maxRev)
					await tx.table('meta').put({ key: 'nextRevision', value: maxRev + 1 });
			});
		// v3: staff notes became a list of entries; convert stored copies (cards and the server
		// copies kept on failed rows) so the optimistic view and the failure list can read them.
		this.version(3)
			.stores(SCHEMA_V2)
			.upgrade(async (tx) => {
				const fix = (r: { id?: string; staffNotes?: unknown; updatedAt?: string } | null) => {
					if (r && !Array.isArray(r.staffNotes))
						r.staffNotes = notesFromLegacy(r.staffNotes, r.id ?? '', r.updatedAt ?? EPOCH);
				};
				await tx.table('reservations').toCollection().modify(fix);
				for (const t of ['outbox', 'archive'])
					await tx
						.table(t)
						.toCollection()
						.modify((row: Partial<OutboxRow>) => fix(row.result?.serverCopy ?? null));
			});
		// v4: firings (one kiln load of many cards), as the server pulls them.
		this.version(4).stores({ firings: 'id, stationId, state, plannedDate' });

		// v9: which new requests this kiosk's staff have opened (the board highlights the rest).
		this.version(9).stores({ seen: 'id' });

		// v11: customer contacts (email, phone) for search and the reservation page, from the pull.
		this.version(11).stores({ contacts: 'uid' });
	}
}

export function openDb(name = DB_NAME): KilnDb {
	return new KilnDb(name);
}

/** All meta keys as one object (cheap: a handful of rows). */
export async function readMeta(db: KilnDb): Promise<Meta> {
	const rows = await db.meta.toArray();
	return Object.fromEntries(rows.map((r) => [r.key, r.value])) as Meta;
}

export async function setMeta(db: KilnDb, values: Meta): Promise<void> {
	await db.meta.bulkPut(
		Object.entries(values).map(([key, value]) => ({ key: key as MetaKey, value }))
	);
}
