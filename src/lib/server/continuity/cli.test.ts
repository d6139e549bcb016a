import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DATASET_NAMES } from '../../domain/export';
import { OWNER } from '../../../testing/domain/export-fixtures';
import type { ServerDeps } from '../deps';
import type { Store } from '../store/types';
import { enrolKiosk, freshStore, testServer } from '../../../testing/server/testing';
import {
	backupCli,
	exportCli,
	restoreCli,
	verifyExportCli,
	verifyRestoreCli,
	type CliIo
} from './cli';
import { pushScenario } from '../../../testing/server/continuity';

// The store stays open across commands; each command's close() is a no-op here.
const ioFor = (store: Store, lines: string[]): CliIo => ({
	openStore: async () => ({ ...store, close: async () => {} }),
	print: (l) => lines.push(l),
	now: () => '2026-12-02T08:00:00.000Z'
});

describe('continuity commands (PGlite)', () => {
	let deps: ServerDeps;
	let dir: string;
	const others: Store[] = [];
	beforeEach(async () => {
		deps = await testServer('pglite');
		await pushScenario(await enrolKiosk(deps));
		dir = mkdtempSync(join(tmpdir(), 'kb-continuity-'));
	});
	afterEach(async () => {
		await deps.store.close();
		for (const s of others.splice(0)) await s.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('export → verify-export passes; an edited value fails naming dataset, row and column', async () => {
		const lines: string[] = [];
		expect(await exportCli(['--owner', OWNER, '--out', dir], ioFor(deps.store, lines))).toBe(0);
		const id = 'mf-continuity-cust-maya-20261202080000';
		expect(lines[0]).toBe(`artifactId ${id}`);
		expect(readdirSync(dir).sort()).toHaveLength(1 + 1 + DATASET_NAMES.length);

		for (const path of [join(dir, `${id}.json`), join(dir, `${id}.zip`), dir]) {
			const out: string[] = [];
			expect(await verifyExportCli([path], { print: (l) => out.push(l) }), path).toBe(0);
			expect(out[0]).toMatch(/^OK .* \(9 CSV checked\)$/);
		}

		const jsonPath = join(dir, `${id}.json`);
		const bundle = JSON.parse(readFileSync(jsonPath, 'utf8'));
		bundle.jsonBundle.reservations[1].loadStatus = 'queued';
		writeFileSync(jsonPath, JSON.stringify(bundle));
		const out: string[] = [];
		expect(await verifyExportCli([jsonPath], { print: (l) => out.push(l) })).toBe(1);
		expect(out[0]).toMatch(/^FAIL signature_mismatch/);
		expect(out.join('\n')).toContain(
			'reservations row 1 (reservationId=res-maya-1) column loadStatus differs'
		);
	});

	it('backup → restore into an empty store → verify-restore passes; refuses a non-empty store', async () => {
		const lines: string[] = [];
		expect(await exportCli(['--owner', OWNER, '--out', dir], ioFor(deps.store, lines))).toBe(0);
		const backupPath = join(dir, 'b.json');
		expect(await backupCli(['--out', backupPath, '--sql'], ioFor(deps.store, lines))).toBe(0);
		expect(readFileSync(join(dir, 'b.sql'), 'utf8')).toContain('json_populate_recordset');

		const target = await freshStore('pglite');
		others.push(target);
		expect(await restoreCli([backupPath], ioFor(target, lines))).toBe(0);
		const check: string[] = [];
		const zip = join(dir, 'mf-continuity-cust-maya-20261202080000.zip');
		expect(await verifyRestoreCli([zip], ioFor(target, check))).toBe(0);
		expect(check.join('\n').match(/^PASS /gm)).toHaveLength(7);
		expect(check.at(-1)).toBe('RESTORE CHECK PASSED');

		const refused: string[] = [];
		expect(await restoreCli([backupPath], ioFor(target, refused))).toBe(1);
		expect(refused[0]).toMatch(/^REFUSED store_not_empty/);
		expect(await restoreCli([backupPath, '--force'], ioFor(target, refused))).toBe(0);

		await target.query(`DELETE FROM fairness_audit WHERE reservation_id = 'res-maya-2'`);
		const bad: string[] = [];
		expect(await verifyRestoreCli([zip], ioFor(target, bad))).toBe(1);
		expect(bad.join('\n')).toMatch(
			/FAIL Fairness evidence parity[\s\S]*reservation KB-RESMAYA2 \(res-maya-2\): queueFairnessAudit evidenceId=\S+ is missing from the store/
		);
		expect(bad.at(-1)).toBe('RESTORE CHECK FAILED');
	});
});
