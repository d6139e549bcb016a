// Test-only: a small studio history with every kind of secret a bundle must not leak. Not shipped.
import { Action, isRecordAction } from '../../lib/domain/actions';
import { applyAction } from '../../lib/domain/apply';
import type {
	CustomerNotification,
	FairnessEvidence,
	StorageAuditRow
} from '../../lib/domain/effects';
import type { Fee, Reservation } from '../../lib/domain/reservation';
import type { Firing } from '../../lib/domain/firing-record';
import { DEMO_STATIONS } from '../../lib/domain/stations';
import type { ExportSource } from '../../lib/domain/export/datasets';

export const OWNER = 'cust-maya';
export const OTHER_OWNER = 'cust-other';

export const SECRETS = {
	piecePhoto: 'https://photos.example.test/p/secret-piece-photo-7731.jpg',
	reservationPhoto: 'https://cdn.example.test/r/secret-res-photo-4410.png',
	general: 'GENERAL-NOTE-please-wax-the-feet-9921',
	staff: 'STAFF-NOTE-owes-for-last-firing-5532',
	loadReason: 'LOAD-REASON-cracked-shelf-noted-6610',
	checkInNote: 'CHECKIN-NOTE-brought-by-neighbour-1188',
	programNote: 'PROGRAM-NOTE-slow-cool-4471',
	firingNote: 'FIRING-NOTE-shelf-7-cracked-2290'
};

export interface Step {
	reservationId: string;
	action: Action;
}

const A = (x: unknown) => Action.parse(x);

/** Actions for one reservation of `owner`: intake → confirm (arrival code) → notes → fairness → load → pickup. */
export function stepsFor(id: string, owner: string, station = 'studio-kiln-a'): Step[] {
	const s = (action: Action) => ({ reservationId: id, action });
	return [
		s(
			A({
				type: 'reservation.intake',
				payload: {
					ownerUid: owner,
					customerName: 'Maya Okafor',
					firingType: 'glaze',
					shelfEquivalent: 0.5,
					notesGeneral: SECRETS.general,
					pieces: [
						{ pieceLabel: 'Mug "tall"', pieceCount: 2, photoUrl: SECRETS.piecePhoto },
						{ pieceLabel: 'Bowl, wide', pieceCount: 1 }
					]
				}
			})
		),
		s(A({ type: 'reservation.assign_station', payload: { assignedStationId: station } })),
		s(
			A({ type: 'reservation.status', payload: { status: 'CONFIRMED', staffNotes: SECRETS.staff } })
		),
		s(A({ type: 'reservation.note', payload: { staffNotes: `${SECRETS.staff} (2)` } })),
		s(
			A({ type: 'reservation.arrival', payload: { action: 'check_in', note: SECRETS.checkInNote } })
		),
		s(
			A({
				type: 'reservation.queue_fairness',
				payload: {
					action: 'record_late_arrival',
					reason: 'Arrived 40 min late',
					evidence: 'arrival_record'
				}
			})
		),
		s(A({ type: 'reservation.load', payload: { loadStatus: 'loading', reason: null } })),
		s(
			A({ type: 'reservation.load', payload: { loadStatus: 'loaded', reason: SECRETS.loadReason } })
		)
	];
}

export function scenarioSteps(): Step[] {
	return [
		...stepsFor('res-maya-1', OWNER),
		...stepsFor('res-maya-2', OWNER, 'studio-kiln-b'),
		...stepsFor('res-other-1', OTHER_OWNER)
	];
}

const FIXTURE_FEE: Fee = {
	currency: 'EUR',
	priceTableVersion: 'fixture-2026-11',
	firingType: 'glaze',
	halfShelves: 1,
	baseMinor: 1200,
	surchargeMinor: 0,
	minimumTopUpMinor: 300,
	firingMinor: 1500,
	computedAt: '2026-11-20T09:10:00.000Z',
	paidMinor: 1000,
	paidAt: '2026-11-20T09:12:00.000Z',
	paidByUid: 'staff-sam'
};

/** One unloaded firing shared by the owner's first card and another owner's card. */
export function scenarioFirings(): Firing[] {
	return [
		{
			id: 'fir-1',
			stationId: 'studio-kiln-a',
			firingType: 'glaze',
			targetCone: '6',
			programNotes: SECRETS.programNote,
			plannedDate: '2026-11-21T08:00:00.000Z',
			members: [
				{
					reservationId: 'res-other-1',
					halfShelves: 1,
					outcome: null,
					outcomeReason: null,
					flags: []
				},
				{
					reservationId: 'res-maya-1',
					halfShelves: 1,
					outcome: 'needs_refire',
					outcomeReason: 'Glaze crawled on the rim',
					flags: []
				}
			],
			state: 'unloaded',
			createdAt: '2026-11-20T10:00:00.000Z',
			createdByUid: 'staff-sam',
			loadingStartedAt: '2026-11-21T08:05:00.000Z',
			loadedByUid: 'staff-sam',
			firingStartedAt: '2026-11-21T09:00:00.000Z',
			unloadedAt: '2026-11-22T09:00:00.000Z',
			unloadedByUid: 'staff-sam',
			notes: SECRETS.firingNote,
			version: 4,
			updatedAt: '2026-11-22T09:00:00.000Z'
		}
	];
}

/** Applies the scenario with the pure domain (no store), as the server would. */
export function scenarioSource(owner = OWNER, start = '2026-11-20T09:00:00.000Z'): ExportSource {
	const cards = new Map<string, Reservation>();
	const notifications: CustomerNotification[] = [];
	const fairnessAudit: FairnessEvidence[] = [];
	const storageAudit: StorageAuditRow[] = [];
	let t = Date.parse(start);
	scenarioSteps().forEach((step, i) => {
		if (isRecordAction(step.action)) return;
		const out = applyAction(
			cards.get(step.reservationId) ?? null,
			step.action,
			step.reservationId,
			{
				now: new Date((t += 61_000)).toISOString(),
				actor: { uid: 'staff-sam', role: 'staff' },
				requestId: `dev_fixture:${i + 1}`,
				timeZone: 'UTC',
				// Fixed per step so the fixture bundle is the same on every run.
				secret: () => (i + 1).toString(16).padStart(4, '0').repeat(4),
				stations: DEMO_STATIONS,
				stationPeers: (sid) => [...cards.values()].filter((r) => r.assignedStationId === sid)
			}
		);
		if (!out.ok) throw new Error(`${step.action.type}: ${out.code} ${out.message}`);
		cards.set(step.reservationId, out.reservation);
		notifications.push(...out.effects.notifications);
		fairnessAudit.push(...out.effects.fairnessAudit);
		storageAudit.push(...out.effects.storageAudit);
	});
	// No action sets a reservation photo; put one in so redaction is tested on it too. The
	// scenario has no price table, so the first card's fee is set as the loaded step would.
	const reservations = [...cards.values()].map((r) => ({
		...r,
		photoUrl: SECRETS.reservationPhoto,
		fee: r.id === 'res-maya-1' ? FIXTURE_FEE : r.fee
	}));
	return {
		ownerUid: owner,
		reservations,
		notifications,
		fairnessAudit,
		storageAudit,
		firings: scenarioFirings()
	};
}

/** Every secret value present in a source, to scan bundle files for. */
export function secretsIn(src: ExportSource): string[] {
	const found = new Set<string>(Object.values(SECRETS));
	for (const r of src.reservations) {
		if (r.arrivalToken) {
			found.add(r.arrivalToken);
			found.add(r.arrivalToken.replace(/-/g, ''));
		}
		for (const n of r.staffNotes) found.add(n.text);
		if (r.notesGeneral) found.add(r.notesGeneral);
		if (r.photoUrl) found.add(r.photoUrl);
		for (const p of r.pieces) if (p.photoUrl) found.add(p.photoUrl);
	}
	return [...found];
}
