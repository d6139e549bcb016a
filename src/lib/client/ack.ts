import type { KilnDb } from './db';

/**
 * The highest revision below which every action of this kiosk has its result recorded (or was
 * never sent and never will be: discarded, archived). Rows still pending, sending, held or
 * failed keep it below them, since they may go again. The server may forget stored results at
 * or below it (see docs/SYNC_PROTOCOL.md, "Bounded server state").
 */
export async function ackedRevision(db: KilnDb): Promise<number> {
	const [open, next] = await Promise.all([
		db.outbox.where('state').anyOf('pending', 'syncing', 'held', 'failed').primaryKeys(),
		db.meta.get('nextRevision')
	]);
	const handedOut = Math.max(0, Number(next?.value ?? 1) - 1);
	const lowestOpen = open.reduce((m, r) => Math.min(m, r), Infinity);
	return Math.max(0, Math.min(handedOut, lowestOpen - 1));
}
