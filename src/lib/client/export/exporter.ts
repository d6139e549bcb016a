import { proxy, wrap, type Remote } from 'comlink';
import { DB_NAME, openDb } from '../db';
import type { ExportWorkerApi } from './export.worker';
import { runExport, type KioskExport, type KioskExportProgress } from './run-export';

export interface Exporter {
	exportOwner(
		ownerUid: string,
		now: string,
		onProgress: (p: KioskExportProgress) => void
	): Promise<KioskExport>;
	dispose(): void;
}

/**
 * Browser only: the export runs in a module Web Worker through comlink. Where workers are missing
 * it runs on the page instead (slower for the UI, same result).
 */
export function createExporter(dbName: string = DB_NAME): Exporter {
	if (typeof Worker === 'undefined') {
		const db = openDb(dbName);
		return {
			exportOwner: (owner, now, onProgress) => runExport(db, owner, now, onProgress),
			dispose: () => db.close()
		};
	}
	const worker = new Worker(new URL('./export.worker.ts', import.meta.url), { type: 'module' });
	const remote: Remote<ExportWorkerApi> = wrap<ExportWorkerApi>(worker);
	return {
		exportOwner: (owner, now, onProgress) =>
			remote.exportOwner(owner, now, proxy(onProgress), dbName) as Promise<KioskExport>,
		dispose: () => worker.terminate()
	};
}
