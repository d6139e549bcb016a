// Test-only: push the export scenario through the real apply loop. Not shipped.
import { scenarioSteps, SECRETS } from '../domain/export-fixtures';
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
