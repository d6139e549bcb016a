import { z } from 'zod';
import { ActorRole, Instant, QueueFairness, QueueFairnessPolicy } from './reservation';

export const NotificationKind = z.enum([
	'request_received',
	'confirmed',
	'waitlisted',
	'cancelled',
	'delayed',
	'ready_for_pickup',
	'pickup_window',
	'storage_escalation'
]);
export type NotificationKind = z.infer<typeof NotificationKind>;

/** A customer message as stored; `id` is derived from the action so a replay cannot duplicate it. */
export const CustomerNotification = z.object({
	id: z.string(),
	ownerUid: z.string(),
	reservationId: z.string(),
	kind: NotificationKind,
	title: z.string(),
	body: z.string(),
	createdAt: Instant,
	status: z.enum(['queued', 'sent', 'failed']),
	readAt: Instant.nullable(),
	/** Why the last delivery attempt failed (`smtp_550`, `no_email_address`, …); staff see it. */
	deliveryError: z.string().max(200).nullable().optional(),
	/** When a failed attempt is retried (null once sent or failed for good). */
	retryAt: Instant.nullable().optional()
});
export type CustomerNotification = z.infer<typeof CustomerNotification>;

export const FairnessEvidence = z.object({
	evidenceId: z.string(),
	reservationId: z.string(),
	ownerUid: z.string(),
	action: z.string(),
	reason: z.string(),
	evidence: z.string().nullable(),
	actorUid: z.string(),
	actorRole: ActorRole,
	requestId: z.string(),
	createdAt: Instant,
	queueFairness: QueueFairness,
	queueFairnessPolicy: QueueFairnessPolicy,
	previousQueueFairness: QueueFairness.nullable()
});
export type FairnessEvidence = z.infer<typeof FairnessEvidence>;

export const StorageAuditRow = z.object({
	auditId: z.string(),
	reservationId: z.string(),
	uid: z.string(),
	action: z.string(),
	reason: z.string(),
	fromStatus: z.string().nullable(),
	toStatus: z.string().nullable(),
	reminderOrdinal: z.number().int().nullable(),
	reminderCount: z.number().int().nullable(),
	failureCode: z.string().nullable(),
	requestId: z.string(),
	at: Instant,
	createdAt: Instant
});
export type StorageAuditRow = z.infer<typeof StorageAuditRow>;

/** Rows an applied action adds beside the reservation itself. */
export interface Effects {
	notifications: CustomerNotification[];
	fairnessAudit: FairnessEvidence[];
	storageAudit: StorageAuditRow[];
}

export const noEffects = (): Effects => ({
	notifications: [],
	fairnessAudit: [],
	storageAudit: []
});
