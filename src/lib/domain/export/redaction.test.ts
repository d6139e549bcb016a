import { describe, expect, it } from 'vitest';
import { buildBundle } from './bundle';
import { bundleFiles, unzipBundle, zipBundle } from './files';
import { DATASET_NAMES } from './format';
import { scenarioSource, secretsIn, SECRETS } from '../../../testing/domain/export-fixtures';

describe('redaction', () => {
	it('leaks no arrival code, photo URL, general, staff or firing note into the JSON or any CSV', async () => {
		const src = scenarioSource();
		const secrets = secretsIn(src);
		// The fixture must really contain what we scan for, or the scan proves nothing.
		const raw = JSON.stringify(src);
		for (const s of secrets.filter((x) => !x.startsWith('MFARR')))
			expect(raw.includes(JSON.stringify(s).slice(1, -1)), s).toBe(true);
		expect(src.notifications.some((n) => /MF-ARR-/.test(n.body))).toBe(true);
		expect(secrets.filter((s) => s.startsWith('MF-ARR-')).length).toBeGreaterThan(0);

		const bundle = await buildBundle(src, { now: '2026-11-25T10:00:00.000Z', builtBy: 'server' });
		const files = bundleFiles(bundle);
		expect(files.filter((f) => f.name.endsWith('.csv'))).toHaveLength(DATASET_NAMES.length);
		for (const f of files) {
			for (const s of secrets) expect(f.text.includes(s), `${f.name} contains ${s}`).toBe(false);
			expect(f.text, f.name).not.toMatch(/MF-?ARR-?[A-Z0-9]{4}/i);
			expect(f.text, f.name).not.toMatch(/https?:\/\//);
		}
		// Flags stand in for what was removed.
		expect(bundle.jsonBundle.reservations.every((r) => r.hasPhoto === true)).toBe(true);
		expect(bundle.jsonBundle.reservations.every((r) => r.notesGeneralPresent === true)).toBe(true);
		expect(bundle.jsonBundle.pieces.map((p) => p.hasPhoto)).toContain(true);
		expect(bundle.jsonBundle.stageHistory.some((h) => h.notesPresent === true)).toBe(true);
		expect(JSON.stringify(bundle)).not.toContain(SECRETS.staff);
		expect(DATASET_NAMES).toHaveLength(9);

		// The zip holds the same files.
		const back = unzipBundle(zipBundle(bundle));
		expect(Object.keys(back.csv)).toHaveLength(DATASET_NAMES.length);
		expect(JSON.stringify(back.bundle)).toBe(JSON.stringify(bundle));
	});
});
