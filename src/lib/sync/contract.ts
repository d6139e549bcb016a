import { z } from 'zod';
import { Action } from '../domain/actions';
import { CustomerNotification, FairnessEvidence, StorageAuditRow } from '../domain/effects';
import { FAILURE_CODES } from '../domain/outcome';
import { Instant, Reservation, Role } from '../domain/reservation';
import { Station } from '../domain/stations';

/** The one wire contract between kiosk and server. Both sides import it; nothing is hand-typed. */

export const MAX_BATCH = 200;
export const MAX_BODY_BYTES = 1_000_000;

export const DeviceId = z.string().regex(/^dev_[A-Za-z0-9_-]{8,64}$/);

export const ActionMeta = z.object({
	queueRevision: z.number().int().min(1),
	actorUid: z.string().min(1).max(120),
	/** Target reservation; null only for station actions. */
	reservationId: z.string().min(1).max(160).nullable(),
	baseVersion: z.number().int().min(0),
	createdAt: Instant
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

export const ResultCode = z.enum(FAILURE_CODES as [string, ...string[]]);

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
	/** PBKDF2-SHA256 of the PIN, so the kiosk can unlock staff without a network. */
	pinSalt: z.string(),
	pinHash: z.string(),
	pinIterations: z.number().int()
});
export type RosterEntry = z.infer<typeof RosterEntry>;

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
	/** The studio's IANA time zone (optional so an older server's pages still parse). */
	timeZone: z.string().min(1).max(64).optional(),
	/** Hash of the stations and roster as of this page, when checked; sent back as `have`. */
	digest: z.string().optional()
});
export type PullResponse = z.infer<typeof PullResponse>;

export const EnrolRequest = z.object({
	label: z.string().trim().min(1).max(80),
	/** An active admin's PIN; the server finds the admin it belongs to. */
	pin: z.string().regex(/^\d{4,8}$/)
});
export const EnrolResponse = z.object({ deviceId: DeviceId, token: z.string(), label: z.string() });
export type EnrolResponse = z.infer<typeof EnrolResponse>;

/** Every 4xx/5xx body. `code` is stable; `message` is for people. */
export const ErrorBody = z.object({
	error: z.object({
		code: z.string(),
		message: z.string(),
		issues: z.array(z.object({ path: z.string(), message: z.string() })).optional()
	})
});
export type ErrorBody = z.infer<typeof ErrorBody>;

export const DEVICE_HEADER = 'authorization';
export const deviceAuthHeader = (token: string) => `Device ${token}`;
