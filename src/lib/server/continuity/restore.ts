import type { Queryable, Store } from '../store/types';
import { listTables, type Backup } from './backup';

export type RestoreOutcome =
	| { ok: true; rows: Record<string, number> }
	| { ok: false; code: 'not_a_backup'; message: string }
	| { ok: false; code: 'migration_mismatch'; message: string; backup: number[]; store: number[] }
	| { ok: false; code: 'store_not_empty'; message: string; rows: Record<string, number> };

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;
const BOOKKEEPING = 'migrations';

async function rowCounts(q: Queryable, tables: string[]): Promise<Record<string, number>> {
	const out: Record<string, number> = {};
	for (const t of tables)
		out[t] = Number(
			(await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(t)}`))[0].n
		);
	return out;
}

export function isBackup(x: unknown): x is Backup {
	const b = x as Partial<Backup> | null;
	return !!b && b.kind === 'kilnboard-backup' && b.format === 1 && typeof b.tables === 'object';
}

/**
 * Restores a backup into a migrated store, all in one transaction. A store that already holds
 * rows is refused unless `force` (then it is emptied first); nothing is written on refusal.
 */
export async function restoreStore(
	store: Store,
	backup: unknown,
	opts: { force?: boolean } = {}
): Promise<RestoreOutcome> {
	if (!isBackup(backup))
		return { ok: false, code: 'not_a_backup', message: 'This file is not a Kilnboard backup.' };
	return store.transaction(async (q) => {
		const have = (await q.query<{ id: number }>('SELECT id FROM migrations ORDER BY id')).map((r) =>
			Number(r.id)
		);
		if (have.join(',') !== [...backup.migrations].sort((a, b) => a - b).join(','))
			return {
				ok: false as const,
				code: 'migration_mismatch' as const,
				message: 'The backup was taken at a different schema version than this code runs.',
				backup: backup.migrations,
				store: have
			};
		const tables = (await listTables(q)).filter((t) => t !== BOOKKEEPING);
		const before = await rowCounts(q, tables);
		const busy = Object.fromEntries(Object.entries(before).filter(([, n]) => n > 0));
		if (Object.keys(busy).length && !opts.force)
			return {
				ok: false as const,
				code: 'store_not_empty' as const,
				message:
					'The target store already holds data; restore into an empty store or pass --force.',
				rows: busy
			};
		if (Object.keys(busy).length) await q.query(`TRUNCATE ${tables.map(ident).join(', ')}`);
		for (const [table, dump] of Object.entries(backup.tables)) {
			if (table === BOOKKEEPING || !tables.includes(table) || !dump.rows.length) continue;
			await q.query(
				`INSERT INTO ${ident(table)} SELECT * FROM json_populate_recordset(NULL::${ident(table)}, $1::json)`,
				[JSON.stringify(dump.rows)]
			);
			for (const col of dump.serial)
				await q.query(
					`SELECT setval(pg_get_serial_sequence($1, $2), (SELECT max(${ident(col)}) FROM ${ident(table)}))`,
					[table, col]
				);
		}
		return { ok: true as const, rows: await rowCounts(q, tables) };
	});
}
