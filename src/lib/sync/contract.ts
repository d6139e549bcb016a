import { z } from 'zod';
import { Action } from '../domain/actions';
import { CustomerNotification, FairnessEvidence, StorageAuditRow } from '../domain/effects';
import { Firing } from '../domain/firing-record';
import { FailureCode } from '../domain/outcome';
import { Instant, Reservation, Role } from '../domain/reservation';
import { PriceTable } from '../domain/fees';
import { Station } from '../domain/stations';

/** The one wire contract between kiosk and server. Both sides import it; nothing is hand-typed. */

export const MAX_BATCH = 200;
export const MAX_BODY_BYTES = 1_000_000;

/** Largest integer the store's int4 columns hold (queue revisions, versions). A wire number above
 *  it is schema-valid but refused per action as `invalid` (see push), never a 5xx. */
export const STORE_INT_MAX = 2 ** 31 - 1;

export const DeviceId = z.string().regex(/^dev_[A-Za-z0-9_-]{8,64}$/);

export const ActionMeta = z.object({
	queueRevision: z.number().int().min(1),
	actorUid: z.string().min(1).max(120),
	/** Target reservation; null only for station actions. */
	reservationId: z.string().min(1).max(160).nullable(),
	baseVersion: z.number().int().min(0),
	createdAt: Instant,
	/**
	 * HMAC-SHA256 (hex) over the device and the action, keyed by the actor's PIN-derived proof key
	 * (sync/pin.ts). Required when the actor is a supervisor or admin; staff actions omit it.
	 */
	proof: z
		.string()
		.regex(/^[0-9a-f]{64}$/)
		.optional()
});
export const WireAction = z.intersection(ActionMeta, Action);
export type WireAction = z.infer<typeof WireAction>;

export const PushRequest = z.object({
	deviceId: DeviceId,
	actions: z.array(WireAction).min(1).max(MAX_BATCH),
	/** Every revision up to this one has its result recorded on the kiosk (absent: older kiosk). */
	ackedRevision: z.number().int().min(0).optional()
});
export type PushRequest = z.infer<typeof PushRequest>;

export const ResultCode = FailureCode;

export const ActionResult = z.discriminatedUnion('status', [
	z.object({
		queueRevision: z.number().int(),
		status: z.literal('applied'),
		/** Applied earlier; this is the stored result of that first application. */
		replay: z.boolean(),
		noop: z.boolean(),
		reservation: Reservation.nullable(),
		appliedAt: Instant
	}),
	z.object({
		queueRevision: z.number().int(),
		status: z.enum(['rejected', 'held']),
		replay: z.boolean(),
		code: ResultCode,
		message: z.string(),
		details: z.record(z.string(), z.unknown()).nullable(),
		/** The server's current copy of the card, so staff can compare. */
		reservation: Reservation.nullable(),
		appliedAt: Instant
	})
]);
export type ActionResult = z.infer<typeof ActionResult>;

export const PushResponse = z.object({ results: z.array(ActionResult), serverTime: Instant });
export type PushResponse = z.infer<typeof PushResponse>;

export const RosterEntry = z.object({
	uid: z.string(),
	name: z.string(),
	role: Role,
	active: z.boolean(),
	/** scrypt-derived PIN verifier (sync/pin.ts), so the kiosk can unlock staff offline. */
	pinSalt: z.string(),
	pinHash: z.string(),
	pinKdf: z.string()
});
export type RosterEntry = z.infer<typeof RosterEntry>;

/** A customer's contact as staff see it on the kiosk (search and the reservation page). */
export const CustomerContact = z.object({
	uid: z.string().min(1).max(160),
	email: z.string().max(200).nullable(),
	phone: z.string().max(40).nullable()
});
export type CustomerContact = z.infer<typeof CustomerContact>;

export const PullResponse = z.object({
	cursor: z.number().int().min(0),
	more: z.boolean(),
	serverTime: Instant,
	reservations: z.array(Reservation),
	stations: z.array(Station),
	notifications: z.array(CustomerNotification),
	fairnessAudit: z.array(FairnessEvidence),
	storageAudit: z.array(StorageAuditRow),
	roster: z.array(RosterEntry),
	/** Firings changed in this page (absent from an older server: none). */
	firings: z.array(Firing).default([]),
	/** The studio's IANA time zone (optional so an older server's pages still parse). */
	timeZone: z.string().min(1).max(64).optional(),
	/** Hash of the stations and roster as of this page, when checked; sent back as `have`. */
	digest: z.string().optional(),
	/** The studio price table, sent with the stations and roster when they are (null: none set;
	 *  absent: unchanged, or an older server). */
	prices: PriceTable.nullable().optional(),
	/** Every customer's contact, whole, when it differs from `haveContacts` (absent: unchanged,
	 *  or an older server). */
	contacts: z.array(CustomerContact).optional(),
	/** Hash of the customer contacts as of this page, when checked; sent back as `haveContacts`. */
	contactsDigest: z.string().optional()
});
export type PullResponse = z.infer<typeof PullResponse>;

export const EnrolRequest = z.object({
	label: z.string().trim().min(1).max(80),
	/** A one-time enrolment code an admin created (never a PIN: kiosks hold PIN verifiers). */
	code: z
		.string()
		.trim()
		.transform((c) => c.toUpperCase().replace(/[\s-]/g, ''))
		.pipe(z.string().regex(/^[A-Z2-9]{10}$/))
});
export const EnrolResponse = z.object({ deviceId: DeviceId, token: z.string(), label: z.string() });
export type EnrolResponse = z.infer<typeof EnrolResponse>;

/** Where a 400 went wrong: a zod issue path as an array (`['actions', 3, 'payload', 'reason']`). */
export const IssueRef = z.object({
	path: z.array(z.union([z.string(), z.number().int()])),
	message: z.string()
});
export type IssueRef = z.infer<typeof IssueRef>;

/** Every 4xx/5xx body. `code` is stable; `message` is for people. */
export const ErrorBody = z.object({
	error: z.object({
		code: z.string(),
		message: z.string(),
		issues: z.array(IssueRef).optional()
	})
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const deviceAuthHeader = (token: string) => `Device ${token}`;
