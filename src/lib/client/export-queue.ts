import { readMeta, type KilnDb } from './db';

/** The device's whole queue as JSON for an incident ticket (tokens are never included). */
export async function exportQueue(db: KilnDb, appVersion: string, now: string): Promise<string> {
	const [rows, archive, meta] = await Promise.all([
		db.outbox.orderBy('queueRevision').toArray(),
		db.archive.orderBy('queueRevision').toArray(),
		readMeta(db)
	]);
	const by = (state: string) => rows.filter((r) => r.state === state);
	return JSON.stringify(
		{
			kind: 'kilnboard-queue-export',
			exportedAt: now,
			appVersion,
			deviceId: meta.deviceId ?? null,
			deviceLabel: meta.label ?? null,
			nextRevision: meta.nextRevision ?? null,
			lastSyncAt: meta.lastSyncAt ?? null,
			lastError: meta.lastError ?? null,
			pending: [...by('pending'), ...by('syncing')],
			held: by('held'),
			failed: by('failed'),
			synced: by('synced').length,
			archive
		},
		null,
		2
	);
}
