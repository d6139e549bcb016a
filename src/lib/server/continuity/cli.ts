import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { verifyBundle } from '../../domain/export';
import { migrate } from '../migrations';
import type { Store } from '../store/types';
import { backupStore } from './backup';
import { backupToSql } from './backup-sql';
import { checkRestore, formatCheck } from './check-restore';
import { exportOwner } from './export';
import { readBundlePath, writeBundle } from './files';
import { restoreStore } from './restore';

/** What each command needs from its process; scripts pass the real ones, tests fakes. */
export interface CliIo {
	openStore(): Promise<Store>;
	print(line: string): void;
	now(): string;
}

async function withStore<T>(io: CliIo, fn: (s: Store) => Promise<T>): Promise<T> {
	const store = await io.openStore();
	try {
		await migrate(store);
		return await fn(store);
	} finally {
		await store.close();
	}
}

const stamp = (iso: string) => iso.replace(/\D/g, '').slice(0, 14);

/** `export -- --owner <uid> [--out dir]` → exit code. */
export async function exportCli(args: string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args,
		options: { owner: { type: 'string' }, out: { type: 'string', default: 'exports' } }
	});
	if (!values.owner) {
		io.print('usage: npm run export -- --owner <ownerUid> [--out <dir>]');
		return 2;
	}
	const bundle = await withStore(io, (s) => exportOwner(s, values.owner!, io.now()));
	const paths = writeBundle(bundle, values.out!);
	io.print(`artifactId ${bundle.exportHeader.artifactId}`);
	io.print(`signature  ${bundle.exportHeader.signature}`);
	io.print(`summary    ${JSON.stringify(bundle.summary)}`);
	for (const w of bundle.warnings) io.print(`warning    ${w.message}`);
	for (const p of paths) io.print(`wrote      ${p}`);
	return 0;
}

/** `verify-export -- <file|folder|zip>` → 0 when the signature and every CSV check out. */
export async function verifyExportCli(args: string[], io: Pick<CliIo, 'print'>): Promise<number> {
	const path = args.find((a) => !a.startsWith('--'));
	if (!path) {
		io.print('usage: npm run verify-export -- <bundle.json | bundle.zip | folder>');
		return 2;
	}
	const files = readBundlePath(path);
	const out = await verifyBundle(files.bundle, files.csv);
	if (out.ok) {
		io.print(
			`OK ${out.artifactId} ${out.signature} (${Object.keys(files.csv).length} CSV checked)`
		);
		return 0;
	}
	io.print(
		`FAIL ${out.code}${out.expected ? `: header says ${out.expected}, content gives ${out.actual}` : ''}`
	);
	for (const d of out.differences) io.print(`  ${d.message}`);
	return 1;
}

/** `backup -- [--out file.json] [--sql]` writes a consistent logical snapshot. */
export async function backupCli(args: string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args,
		options: { out: { type: 'string' }, sql: { type: 'boolean', default: false } }
	});
	const now = io.now();
	const backup = await withStore(io, (s) => backupStore(s, now));
	const out = values.out ?? join('backups', `kilnboard-backup-${stamp(now)}.json`);
	mkdirSync(dirname(out), { recursive: true });
	writeFileSync(out, JSON.stringify(backup));
	io.print(`backup of ${backup.storeKind} store written to ${out}`);
	for (const [t, d] of Object.entries(backup.tables)) io.print(`  ${t}: ${d.rows.length} rows`);
	if (values.sql) {
		const sqlPath = out.replace(/\.json$/, '') + '.sql';
		writeFileSync(sqlPath, backupToSql(backup));
		io.print(`plain SQL (psql -f) written to ${sqlPath}`);
	}
	return 0;
}

/** `restore -- <backup.json> [--force]`: only into an empty store unless forced. */
export async function restoreCli(args: string[], io: CliIo): Promise<number> {
	const { values, positionals } = parseArgs({
		args,
		allowPositionals: true,
		options: { force: { type: 'boolean', default: false } }
	});
	if (!positionals[0]) {
		io.print('usage: npm run restore -- <backup.json> [--force]');
		return 2;
	}
	const backup: unknown = JSON.parse(readFileSync(positionals[0], 'utf8'));
	const out = await withStore(io, (s) => restoreStore(s, backup, { force: values.force }));
	if (out.ok) {
		io.print(`restored: ${JSON.stringify(out.rows)}`);
		return 0;
	}
	io.print(`REFUSED ${out.code}: ${out.message}`);
	if (out.code === 'store_not_empty') io.print(`  rows present: ${JSON.stringify(out.rows)}`);
	return 1;
}

/** `verify-restore -- <bundle...>`: the playbook checklist per bundle, PASS/FAIL lines. */
export async function verifyRestoreCli(args: string[], io: CliIo): Promise<number> {
	const paths = args.filter((a) => !a.startsWith('--'));
	if (!paths.length) {
		io.print('usage: npm run verify-restore -- <bundle.json | bundle.zip | folder> [...]');
		return 2;
	}
	let failed = false;
	await withStore(io, async (store) => {
		for (const p of paths) {
			const files = readBundlePath(p);
			const owner = (files.bundle as { exportHeader?: { ownerUid?: string } } | null)?.exportHeader
				?.ownerUid;
			io.print(`== ${p} (owner ${owner ?? '?'})`);
			const res = await checkRestore(store, files.bundle);
			io.print(formatCheck(res.lines));
			failed ||= !res.ok;
		}
	});
	io.print(failed ? 'RESTORE CHECK FAILED' : 'RESTORE CHECK PASSED');
	return failed ? 1 : 0;
}

/** The real process: store from DATABASE_URL / DATA_DIR, lines to stdout, wall clock. */
export async function nodeIo(): Promise<CliIo> {
	const { openStoreFromEnv } = await import('../store/open');
	return {
		openStore: () => openStoreFromEnv(process.env),
		print: (line) => console.log(line),
		now: () => new Date().toISOString()
	};
}
