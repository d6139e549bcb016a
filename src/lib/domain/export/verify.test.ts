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
