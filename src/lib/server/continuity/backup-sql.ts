import { MIGRATIONS } from '../migrations';
import type { Backup } from './backup';

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

function dollarQuote(text: string): string {
	let tag = 'kb';
	for (let i = 0; text.includes(`$${tag}$`); i++) tag = `kb${i}`;
	return `$${tag}$${text}$${tag}$`;
}

/**
 * The backup as plain SQL in the spirit of `pg_dump --format=plain`: schema (the migrations),
 * data and sequence positions, in one transaction. Load into an empty database with `psql -f`.
 */
export function backupToSql(b: Backup): string {
	const out = [
		`-- Kilnboard logical backup of a ${b.storeKind} store, taken ${b.createdAt}`,
		'-- Load into an EMPTY database: psql -v ON_ERROR_STOP=1 -f <file>',
		'SET client_encoding = ' + "'UTF8';",
		'SET standard_conforming_strings = on;',
		'BEGIN;',
		'CREATE TABLE migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());'
	];
	for (const m of MIGRATIONS.filter((m) => b.migrations.includes(m.id))) {
		const stmts = typeof m.sql === 'string' ? [m.sql] : m.sql;
		out.push(`-- migration ${m.id}: ${m.name}`, ...stmts.map((s) => `${s.trim()};`));
	}
	for (const [table, dump] of Object.entries(b.tables)) {
		if (!dump.rows.length) continue;
		out.push(
			`INSERT INTO ${ident(table)} SELECT * FROM json_populate_recordset(NULL::${ident(table)}, ${dollarQuote(JSON.stringify(dump.rows))});`
		);
		for (const col of dump.serial)
			out.push(
				`SELECT setval(pg_get_serial_sequence('${table}', '${col}'), (SELECT max(${ident(col)}) FROM ${ident(table)}));`
			);
	}
	out.push('COMMIT;', '');
	return out.join('\n');
}
