import { shortReference } from '../reference';
import type { CustomerNotification, FairnessEvidence, StorageAuditRow } from '../effects';
import { feeSummary, reservationCharges } from '../fees';
import type { Firing } from '../firing-record';
import type { Reservation } from '../reservation';
import type { Datasets, Row } from './format';
import { present, redactText } from './redact';

/** Everything an owner's bundle is built from: server-confirmed rows only. */
export interface ExportSource {
	ownerUid: string;
	reservations: readonly Reservation[];
	notifications: readonly CustomerNotification[];
	fairnessAudit: readonly FairnessEvidence[];
	storageAudit: readonly StorageAuditRow[];
	/** Firings with one of the owner's reservations among their members (none when absent). */
	firings?: readonly Firing[];
}

/** ISO with milliseconds whatever produced the value (a Date from a driver, a string from JSON). */
export function iso(v: unknown): string | null {
	if (v === null || v === undefined || v === '') return null;
	const d = v instanceof Date ? v : new Date(String(v));
	if (Number.isNaN(d.getTime())) throw new RangeError(`not a timestamp: ${String(v)}`);
	return d.toISOString();
}

const text = (v: string | null | undefined): string | null =>
	v === null || v === undefined ? null : redactText(v);
const num = (v: number | null | undefined): number | null =>
	v === null || v === undefined ? null : Number(v);
const byTime =
	<T>(at: (x: T) => unknown, id: (x: T) => string) =>
	(a: T, b: T) =>
		(iso(at(a)) ?? '').localeCompare(iso(at(b)) ?? '') ||
		(id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);

function reservationRow(r: Reservation): Row {
	// The owner's fees: firing fee plus storage (docs/policies/fees.md), null before firing.
	const fee = feeSummary(r);
	return {
		reservationId: r.id,
		shortReference: shortReference(r.id),
		status: r.status,
		loadStatus: r.loadStatus,
		intakeMode: r.intakeMode,
		firingType: r.firingType,
		shelfEquivalent: num(r.shelfEquivalent),
		estimatedHalfShelves: num(r.estimatedHalfShelves),
		queuePositionHint: num(r.queuePositionHint),
		queueClass: r.queueClass,
		assignedStationId: r.assignedStationId,
		pickupWindowStatus: r.pickupWindow?.status ?? null,
		storageStatus: r.storageStatus,
		arrivalStatus: r.arrivalStatus,
		stageHistoryCount: r.stageHistory.length,
		pieceRowCount: r.pieces.length,
		storageActionCount: r.storageNoticeHistory.length,
		hasPhoto: present(r.photoUrl),
		notesGeneralPresent: present(r.notesGeneral),
		createdAt: iso(r.createdAt),
		updatedAt: iso(r.updatedAt),
		feeCurrency: fee?.currency ?? null,
		feeFiringMinor: num(r.fee?.firingMinor),
		feeTotalMinor: num(fee?.totalMinor),
		feePaidMinor: num(fee?.paidMinor),
		feeDueMinor: num(fee?.dueMinor),
		feeComputedAt: iso(r.fee?.computedAt),
		feePaidAt: iso(r.fee?.paidAt)
	};
}

/** The owner's place in each firing: one row per (firing, own reservation), others left out. */
function firingRows(firings: readonly Firing[], ids: ReadonlySet<string>): Row[] {
	const rows: Row[] = [];
	const sorted = [...firings].sort(
		byTime(
			(f) => f.plannedDate,
			(f) => f.id
		)
	);
	for (const f of sorted)
		for (const m of [...f.members].sort((a, b) => (a.reservationId < b.reservationId ? -1 : 1)))
			if (ids.has(m.reservationId))
				rows.push({
					firingId: f.id,
					reservationId: m.reservationId,
					stationId: f.stationId,
					firingType: f.firingType,
					targetCone: f.targetCone,
					state: f.state,
					plannedDate: iso(f.plannedDate),
					loadingStartedAt: iso(f.loadingStartedAt),
					firingStartedAt: iso(f.firingStartedAt),
					unloadedAt: iso(f.unloadedAt),
					halfShelves: num(m.halfShelves),
					outcome: m.outcome,
					outcomeReason: text(m.outcomeReason)
				});
	return rows;
}

/** Each charge of a reservation (the same lines as its fee panel and statements). */
function feeRows(r: Reservation): Row[] {
	const fee = r.fee;
	if (!fee) return [];
	return reservationCharges(r).map((c, index) => {
		const firing = c.kind === 'firing';
		return {
			reservationId: r.id,
			index,
			kind: c.kind,
			label: text(c.label),
			currency: fee.currency,
			minor: num(c.minor),
			final: c.final,
			priceTableVersion: firing ? fee.priceTableVersion : null,
			halfShelves: firing ? num(fee.halfShelves) : null,
			baseMinor: firing ? num(fee.baseMinor) : null,
			surchargeMinor: firing ? num(fee.surchargeMinor) : null,
			minimumTopUpMinor: firing ? num(fee.minimumTopUpMinor) : null
		};
	});
}

/**
 * The datasets of an owner's bundle, redacted, in a fixed order (reservations newest first,
 * their child rows by index, audit rows and messages by time) so both builders agree row for row.
 */
export function buildDatasets(src: ExportSource): Datasets {
	const reservations = src.reservations
		.filter((r) => r.ownerUid === src.ownerUid)
		.sort(
			(a, b) =>
				(iso(b.createdAt) ?? '').localeCompare(iso(a.createdAt) ?? '') ||
				(a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
		);
	const ids = new Set(reservations.map((r) => r.id));
	const out: Datasets = {
		reservations: reservations.map(reservationRow),
		stageHistory: [],
		pieces: [],
		storageActions: [],
		storageAudit: [],
		queueFairnessAudit: [],
		notifications: [],
		firings: firingRows(src.firings ?? [], ids),
		fees: reservations.flatMap(feeRows)
	};
	for (const r of reservations) {
		r.stageHistory.forEach((h, index) =>
			out.stageHistory.push({
				reservationId: r.id,
				index,
				at: iso(h.at),
				fromStage: h.fromStage,
				toStage: h.toStage,
				fromStatus: h.fromStatus,
				toStatus: h.toStatus,
				fromLoadStatus: h.fromLoadStatus,
				toLoadStatus: h.toLoadStatus,
				actorUid: h.actorUid,
				actorRole: h.actorRole,
				reason: text(h.reason),
				notesPresent: present(h.notes)
			})
		);
		r.pieces.forEach((p, index) =>
			out.pieces.push({
				reservationId: r.id,
				index,
				pieceId: p.pieceId,
				pieceLabel: text(p.pieceLabel),
				pieceCount: num(p.pieceCount),
				pieceStatus: p.pieceStatus,
				hasPhoto: present(p.photoUrl)
			})
		);
		r.storageNoticeHistory.forEach((n, index) =>
			out.storageActions.push({
				reservationId: r.id,
				index,
				at: iso(n.at),
				kind: n.kind,
				detail: text(n.detail),
				status: n.status,
				reminderOrdinal: num(n.reminderOrdinal),
				reminderCount: num(n.reminderCount),
				failureCode: n.failureCode
			})
		);
	}
	out.storageAudit = src.storageAudit
		.filter((a) => ids.has(a.reservationId))
		.sort(
			byTime(
				(a) => a.createdAt,
				(a) => a.auditId
			)
		)
		.map((a) => ({
			auditId: a.auditId,
			reservationId: a.reservationId,
			action: a.action,
			reason: text(a.reason),
			fromStatus: a.fromStatus,
			toStatus: a.toStatus,
			reminderOrdinal: num(a.reminderOrdinal),
			reminderCount: num(a.reminderCount),
			failureCode: a.failureCode,
			requestId: a.requestId,
			at: iso(a.at),
			createdAt: iso(a.createdAt)
		}));
	out.queueFairnessAudit = src.fairnessAudit
		.filter((f) => ids.has(f.reservationId))
		.sort(
			byTime(
				(f) => f.createdAt,
				(f) => f.evidenceId
			)
		)
		.map((f) => ({
			evidenceId: f.evidenceId,
			reservationId: f.reservationId,
			action: f.action,
			reason: text(f.reason),
			actorUid: f.actorUid,
			actorRole: f.actorRole,
			policyVersion: f.queueFairnessPolicy.policyVersion,
			effectivePenaltyPoints: num(f.queueFairnessPolicy.effectivePenaltyPoints),
			requestId: f.requestId,
			createdAt: iso(f.createdAt)
		}));
	out.notifications = src.notifications
		.filter((n) => ids.has(n.reservationId) && n.ownerUid === src.ownerUid)
		.sort(
			byTime(
				(n) => n.createdAt,
				(n) => n.id
			)
		)
		.map((n) => ({
			notificationId: n.id,
			reservationId: n.reservationId,
			title: text(n.title),
			body: text(n.body),
			kind: n.kind,
			status: n.status,
			createdAt: iso(n.createdAt),
			readAt: iso(n.readAt)
		}));
	return out;
}
