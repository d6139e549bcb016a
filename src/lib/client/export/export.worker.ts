import { expose, transfer } from 'comlink';
import { DB_NAME, openDb, type KilnDb } from '../db';
import { runExport, type KioskExportProgress } from './run-export';

// Signing hundreds of reservations off the main thread keeps the board responsive.
const dbs = new Map<string, KilnDb>();
const dbFor = (name: string) => {
	let db = dbs.get(name);
	if (!db) dbs.set(name, (db = openDb(name)));
	return db;
};

const api = {
	async exportOwner(
		ownerUid: string,
		now: string,
		onProgress?: (p: KioskExportProgress) => void,
		dbName: string = DB_NAME
	) {
		const out = await runExport(dbFor(dbName), ownerUid, now, (p) => onProgress?.(p));
		return transfer(out, [out.zip.buffer]);
	}
};

export type ExportWorkerApi = typeof api;

expose(api);
