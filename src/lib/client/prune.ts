import type { KilnDb } from './db';

export const KEEP_SYNCED = 200;
export const KEEP_SYNCED_MS = 24 * 3_600_000;

/**
 * Forgets synced rows that are both old and beyond the newest few hundred, so the live outbox
 * stays small on a kiosk that runs for months. Only `synced` rows: nothing unsent or failed is
 * ever pruned, and the revision counter in meta keeps revisions from being reused.
 */
export async function pruneSynced(db: KilnDb, nowMs: number): Promise<number> {
	const synced = await db.outbox.where('state').equals('synced').primaryKeys();
	if (synced.length <= KEEP_SYNCED) return 0;
	const cutoff = new Date(nowMs - KEEP_SYNCED_MS).toISOString();
	const candidates = synced.sort((a, b) => a - b).slice(0, synced.length - KEEP_SYNCED);
	const rows = await db.outbox.bulkGet(candidates);
	const old = rows
		.filter((r) => r && r.state === 'synced' && r.createdAt < cutoff)
		.map((r) => r!.queueRevision);
	await db.outbox.bulkDelete(old);
	return old.length;
}
