import { describe, expect, it } from 'vitest';
import { buildBundle, type ContinuityBundle } from './bundle';
import { bundleFiles, readBundleFiles } from './files';
import { verifyBundle } from './verify';
import { scenarioSource } from '../../../testing/domain/export-fixtures';

const fresh = async () =>
	JSON.parse(
		JSON.stringify(
			await buildBundle(scenarioSource(), { now: '2026-11-25T10:00:00.000Z', builtBy: 'server' })
		)
	) as ContinuityBundle;

describe('verifyBundle', () => {
	it('passes an untouched bundle and its CSVs', async () => {
		const b = await fresh();
		const files = readBundleFiles(Object.fromEntries(bundleFiles(b).map((f) => [f.name, f.text])));
		const out = await verifyBundle(files.bundle, files.csv);
		expect(out).toEqual({
			ok: true,
			signature: b.exportHeader.signature,
			artifactId: b.exportHeader.artifactId
		});
	});

	it('a formula in a customer name or piece label arrives neutralised in the CSV and still verifies', async () => {
		const src = scenarioSource();
		// Tab and CR starts are covered in csv.test.ts (the bundle's text clean-up trims them here).
		const FORMULAS = ['=IMPORTXML(A1,"//a")', '+cmd|calc', '-2+3', '@SUM(A1)', '=1+1', '-A1'];
		let k = 0;
		src.reservations = src.reservations.map((r) => ({
			...r,
			customerName: FORMULAS[0],
			pieces: r.pieces.map((p) => ({ ...p, pieceLabel: FORMULAS[k++ % FORMULAS.length] }))
		}));
		expect(k).toBeGreaterThanOrEqual(3);
		const b = JSON.parse(
			JSON.stringify(await buildBundle(src, { now: '2026-11-25T10:00:00.000Z', builtBy: 'server' }))
		) as ContinuityBundle;
		const texts = bundleFiles(b);
		const csv = texts
			.filter((f) => f.name.endsWith('.csv'))
			.map((f) => f.text)
			.join('\n');
		let seen = 0;
		for (const f of FORMULAS) {
			const q = f.replaceAll('"', '""');
			if (csv.includes(`"'${q}"`)) seen++;
			// No cell starts with the raw formula.
			expect(csv.includes(`,"${q}`) || csv.includes(`\n"${q}`)).toBe(false);
		}
		expect(seen).toBeGreaterThanOrEqual(3);
		// The JSON keeps the original text; verification compares through the same rule.
		expect(JSON.stringify(b)).toContain(JSON.stringify(FORMULAS[0]).slice(1, -1));
		const files = readBundleFiles(Object.fromEntries(texts.map((f) => [f.name, f.text])));
		expect(await verifyBundle(files.bundle, files.csv)).toMatchObject({ ok: true });
	});

	it('names the dataset, row and column of one changed value', async () => {
		const b = await fresh();
		b.jsonBundle.stageHistory[3].toStatus = 'CANCELLED';
		const out = await verifyBundle(b);
		expect(out.ok).toBe(false);
		if (out.ok) return;
		expect(out.code).toBe('signature_mismatch');
		expect(out.differences).toEqual([
			expect.objectContaining({
				dataset: 'stageHistory',
				row: 3,
				column: 'toStatus',
				key: 'reservationId=res-maya-2 index=3'
			})
		]);
		expect(out.differences[0].message).toContain('stageHistory row 3');
	});

	it('names a removed row and the counts it breaks', async () => {
		const b = await fresh();
		b.jsonBundle.storageActions.pop();
		const out = await verifyBundle(b);
		if (out.ok) throw new Error('expected a failure');
		const text = out.differences.map((d) => d.message).join('\n');
		expect(text).toMatch(/storageActions has \d+ rows; it had \d+ when signed/);
		expect(out.differences).toContainEqual(
			expect.objectContaining({ dataset: 'summary', column: 'storageActions' })
		);
		expect(out.differences).toContainEqual(
			expect.objectContaining({ dataset: 'reservations', column: 'storageActionCount' })
		);
	});

	it('notices an edited signature and an edited CSV cell', async () => {
		const b = await fresh();
		const sigEdited = {
			...b,
			exportHeader: { ...b.exportHeader, signature: 'mfexp_' + '0'.repeat(64) }
		};
		const a = await verifyBundle(sigEdited);
		expect(a.ok || a.differences[0].column).toBe('signature');

		const csv = readBundleFiles(
			Object.fromEntries(bundleFiles(b).map((f) => [f.name, f.text]))
		).csv;
		csv.notifications = csv.notifications!.replace('"queued"', '"sent"');
		const c = await verifyBundle(b, csv);
		if (c.ok) throw new Error('expected a failure');
		expect(c.code).toBe('csv_mismatch');
		expect(c.differences[0]).toMatchObject({ dataset: 'notifications', row: 0, column: 'status' });
	});

	it('refuses something that is not a bundle', async () => {
		const out = await verifyBundle({ hello: 'world' });
		expect(out.ok === false && out.code).toBe('malformed');
	});
});
