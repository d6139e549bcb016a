// Test-only: push the export scenario through the real apply loop. Not shipped.
import { scenarioFirings, scenarioSteps, SECRETS } from '../domain/export-fixtures';
import { appendChanges } from '../../lib/server/change-log';
import type { Store } from '../../lib/server/store/types';
import { wire, type Kiosk } from './testing';

/** Pushes every scenario step (each with the base version it was made against); all must apply. */
export async function pushScenario(kiosk: Kiosk, firstRev = 1): Promise<void> {
	const seen = new Map<string, number>();
	const actions = scenarioSteps().map((s, i) => {
		const base = seen.get(s.reservationId) ?? 0;
		seen.set(s.reservationId, base + 1);
		return wire(s.action, { rev: firstRev + i, id: s.reservationId, base });
	});
	const res = await kiosk.push(actions);
	const refused = res.body.results.filter((r) => r.status !== 'applied');
	if (res.status !== 200 || refused.length)
		throw new Error(`scenario refused: ${res.status} ${JSON.stringify(refused.slice(0, 2))}`);
}

/** No action sets a reservation photo; put one on every card so redaction covers it. */
export async function addReservationPhotos(store: Store): Promise<void> {
	await store.query(
		`UPDATE reservations SET doc = jsonb_set(doc, '{photoUrl}', to_jsonb($1::text))`,
		[SECRETS.reservationPhoto]
	);
}

/**
 * Stores the scenario's firing as the firing apply loop leaves one (the row and its change-log
 * entry, so kiosks pull it). The scenario's cards end loaded, past where a firing is planned.
 */
export async function addScenarioFiring(store: Store): Promise<void> {
	await store.transaction(async (tx) => {
		for (const f of scenarioFirings()) {
			await tx.query(
				`INSERT INTO firings (id, station_id, state, planned_date, version, doc, updated_at)
				 VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
				[f.id, f.stationId, f.state, f.plannedDate, f.version, JSON.stringify(f), f.updatedAt]
			);
			await appendChanges(tx, [
				{ firingId: f.id, deviceId: null, version: f.version, groups: [], at: f.updatedAt }
			]);
		}
	});
}
