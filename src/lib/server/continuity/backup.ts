import type { Queryable, Store } from '../store/types';
import { inSnapshot } from './snapshot';

export const BACKUP_KIND = 'kilnboard-backup';
export const BACKUP_FORMAT = 1;

export interface TableDump {
	columns: string[];
	/** Rows as `row_to_json` gives them: the same text whichever store produced the backup. */
	rows: Record<string, unknown>[];
	/** Columns fed by a sequence, reset to their max after a restore. */
	serial: string[];
}

export interface Backup {
	kind: typeof BACKUP_KIND;
	format: typeof BACKUP_FORMAT;
	createdAt: string;
	storeKind: Store['kind'];
	/** Migration ids of the source store; a restore needs the same set. */
	migrations: number[];
	tables: Record<string, TableDump>;
}

/** Base tables of the store's schema (the migrations bookkeeping table included). */
export async function listTables(q: Queryable): Promise<string[]> {
	const rows = await q.query<{ table_name: string }>(
		`SELECT table_name FROM information_schema.tables
		 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`
	);
	return rows.map((r) => r.table_name);
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function dumpTable(q: Queryable, table: string): Promise<TableDump> {
	const cols = await q.query<{ column_name: string; column_default: string | null }>(
		`SELECT column_name, column_default FROM information_schema.columns
		 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
		[table]
	);
	const order = cols
		.slice(0, 2)
		.map((c) => `t.${ident(c.column_name)}`)
		.join(', ');
	const rows = await q.query<{ r: Record<string, unknown> | string }>(
		`SELECT row_to_json(t) AS r FROM ${ident(table)} t ORDER BY ${order}`
	);
	return {
		columns: cols.map((c) => c.column_name),
		rows: rows.map((x) => (typeof x.r === 'string' ? JSON.parse(x.r) : x.r)),
		serial: cols.filter((c) => c.column_default?.startsWith('nextval(')).map((c) => c.column_name)
	};
}

/** A logical dump of every table, all read from one snapshot (consistent across tables). */
export async function backupStore(store: Store, now: string): Promise<Backup> {
	return inSnapshot(store, async (q) => {
		const tables: Record<string, TableDump> = {};
		for (const t of await listTables(q)) tables[t] = await dumpTable(q, t);
		const migrations = (tables.migrations?.rows ?? [])
			.map((r) => Number(r.id))
			.sort((a, b) => a - b);
		return {
			kind: BACKUP_KIND,
			format: BACKUP_FORMAT,
			createdAt: now,
			storeKind: store.kind,
			migrations,
			tables
		};
	});
}
