import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle, type ContinuityBundle } from './bundle';
import { bundleFiles, readBundleFiles } from './files';
import { SCHEMA_VERSION } from './format';
import { verifyBundle } from './verify';
import { OTHER_OWNER, scenarioSource } from '../../../testing/domain/export-fixtures';

/*
 * Bundles people already hold must keep verifying after the format moves on. The fixtures were
 * written by the v1 and v2 builders themselves (their code at the commits that shipped them).
 */
const FIXTURES = join(import.meta.dirname, '../../../testing/domain/continuity-fixtures');

function fixture(version: 'v1' | 'v2') {
	const dir = join(FIXTURES, version);
	return readBundleFiles(
		Object.fromEntries(readdirSync(dir).map((n) => [n, readFileSync(join(dir, n), 'utf8')]))
	);
}

const fresh = async () =>
	JSON.parse(
		JSON.stringify(
			await buildBundle(scenarioSource(), { now: '2026-12-02T10:00:00.000Z', builtBy: 'server' })
		)
	) as ContinuityBundle;

describe('older bundle formats', () => {
	it.each([
		['v1', '2026-11-25.continuity.v1', 7],
		['v2', '2026-12-01.continuity.v2', 7]
	] as const)('a %s bundle and its CSVs still verify', async (v, schemaVersion, csvCount) => {
		const files = fixture(v);
		const b = files.bundle as ContinuityBundle;
		expect(b.exportHeader.schemaVersion).toBe(schemaVersion);
		expect(Object.keys(files.csv)).toHaveLength(csvCount);
		expect(await verifyBundle(files.bundle, files.csv)).toEqual({
			ok: true,
			signature: b.exportHeader.signature,
			artifactId: b.exportHeader.artifactId
		});
	});

	it('a changed cell in a v1 bundle is still found and named', async () => {
		const files = fixture('v1');
		const b = structuredClone(files.bundle) as ContinuityBundle;
		b.jsonBundle.reservations[0].status = 'CANCELLED';
		const out = await verifyBundle(b, files.csv);
		if (out.ok) throw new Error('expected a failure');
		expect(out.code).toBe('signature_mismatch');
		expect(out.differences[0]).toMatchObject({
			dataset: 'reservations',
			row: 0,
			column: 'status'
		});
	});

	it('a v1 CSV edited against its JSON is a csv_mismatch on v1 columns', async () => {
		const files = fixture('v1');
		const csv = { ...files.csv };
		csv.reservations = csv.reservations!.replace('"CONFIRMED"', '"WAITLISTED"');
		const out = await verifyBundle(files.bundle, csv);
		if (out.ok) throw new Error('expected a failure');
		expect(out.code).toBe('csv_mismatch');
		expect(out.differences[0]).toMatchObject({ dataset: 'reservations', column: 'status' });
	});

	it('a format this build does not know is unsupported_schema, naming both versions', async () => {
		const files = fixture('v2');
		const b = structuredClone(files.bundle) as ContinuityBundle;
		b.exportHeader.schemaVersion = '2027-01-01.continuity.v9';
		expect(await verifyBundle(b)).toEqual({
			ok: false,
			code: 'unsupported_schema',
			expected: SCHEMA_VERSION,
			actual: '2027-01-01.continuity.v9',
			differences: []
		});
	});

	it('a v1 bundle relabelled as the current format does not pass', async () => {
		const b = structuredClone(fixture('v1').bundle) as ContinuityBundle;
		b.exportHeader.schemaVersion = SCHEMA_VERSION;
		const out = await verifyBundle(b);
		expect(out.ok).toBe(false);
	});
});

describe('the current format carries the owner’s firings and fees', () => {
	it('lists only the owner’s place in a shared firing, without its notes', async () => {
		const b = await fresh();
		expect(b.exportHeader.schemaVersion).toBe(SCHEMA_VERSION);
		expect(b.jsonBundle.firings).toEqual([
			{
				firingId: 'fir-1',
				reservationId: 'res-maya-1',
				stationId: 'studio-kiln-a',
				firingType: 'glaze',
				targetCone: '6',
				state: 'unloaded',
				plannedDate: '2026-11-21T08:00:00.000Z',
				loadingStartedAt: '2026-11-21T08:05:00.000Z',
				firingStartedAt: '2026-11-21T09:00:00.000Z',
				unloadedAt: '2026-11-22T09:00:00.000Z',
				halfShelves: 1,
				outcome: 'needs_refire',
				outcomeReason: 'Glaze crawled on the rim'
			}
		]);
		expect(JSON.stringify(b)).not.toContain('res-other-1');
		expect(b.summary.firings).toBe(1);
		// The other owner's bundle has the same firing with only their card.
		const other = await buildBundle(
			{ ...scenarioSource(), ownerUid: OTHER_OWNER },
			{ now: '2026-12-02T10:00:00.000Z', builtBy: 'server' }
		);
		expect(other.jsonBundle.firings.map((f) => [f.firingId, f.reservationId])).toEqual([
			['fir-1', 'res-other-1']
		]);
	});

	it('lists each fee charge, adding up to the reservation’s total, and verifies', async () => {
		const b = await fresh();
		expect(b.jsonBundle.fees).toEqual([
			{
				reservationId: 'res-maya-1',
				index: 0,
				kind: 'firing',
				label: expect.any(String),
				currency: 'EUR',
				minor: 1500,
				final: true,
				priceTableVersion: 'fixture-2026-11',
				halfShelves: 1,
				baseMinor: 1200,
				surchargeMinor: 0,
				minimumTopUpMinor: 300
			}
		]);
		const r = b.jsonBundle.reservations.find((x) => x.reservationId === 'res-maya-1');
		expect([r?.feeTotalMinor, r?.feePaidMinor, r?.feeDueMinor]).toEqual([1500, 1000, 500]);
		const files = readBundleFiles(Object.fromEntries(bundleFiles(b).map((f) => [f.name, f.text])));
		expect(Object.keys(files.csv)).toEqual(expect.arrayContaining(['firings', 'fees']));
		expect(await verifyBundle(files.bundle, files.csv)).toMatchObject({ ok: true });
	});

	it('a fee charge edited away from the reservation total is named', async () => {
		const b = await fresh();
		b.jsonBundle.fees[0].minor = 900;
		const out = await verifyBundle(b);
		if (out.ok) throw new Error('expected a failure');
		expect(out.differences).toContainEqual(
			expect.objectContaining({ dataset: 'fees', row: 0, column: 'minor' })
		);
		expect(out.differences).toContainEqual(
			expect.objectContaining({ dataset: 'reservations', column: 'feeTotalMinor' })
		);
	});
});
