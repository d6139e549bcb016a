import type { StorageAuditRow } from './effects';
import type { Reservation, StorageNotice, StorageStatus } from './reservation';
import { STORAGE_NOTICE_CAP } from './storage-policy';

export interface StorageEvent {
	kind: string;
	detail: string;
	auditAction: string;
	fromStatus?: StorageStatus | null;
	toStatus?: StorageStatus | null;
	reminderOrdinal?: number | null;
	failureCode?: string | null;
}

/**
 * Pushes one notice onto the card and builds its audit row. The audit id is derived from the
 * event itself (and the request, when there is one) so writing it twice yields one row.
 */
export function storageEvent(
	r: Reservation,
	e: StorageEvent,
	at: string,
	requestId: string
): { reservation: Reservation; audit: StorageAuditRow } {
	const notice: StorageNotice = {
		at,
		kind: e.kind,
		detail: e.detail,
		status: e.toStatus ?? r.storageStatus,
		reminderOrdinal: e.reminderOrdinal ?? null,
		reminderCount: r.pickupReminderCount,
		failureCode: e.failureCode ?? null
	};
	const audit: StorageAuditRow = {
		auditId: `sta:${r.id}:${e.kind}:${requestId}`,
		reservationId: r.id,
		uid: r.ownerUid,
		action: e.auditAction,
		reason: e.detail,
		fromStatus: e.fromStatus ?? r.storageStatus,
		toStatus: e.toStatus ?? r.storageStatus,
		reminderOrdinal: notice.reminderOrdinal,
		reminderCount: notice.reminderCount,
		failureCode: notice.failureCode,
		requestId,
		at,
		createdAt: at
	};
	const storageNoticeHistory = [...r.storageNoticeHistory, notice].slice(-STORAGE_NOTICE_CAP);
	return { reservation: { ...r, storageNoticeHistory }, audit };
}
