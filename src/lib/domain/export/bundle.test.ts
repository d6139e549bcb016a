import { describe, expect, it } from 'vitest';
import { buildBundle, signatureOf } from './bundle';
import { DATASET_NAMES } from './format';
import { shortReference } from '../reference';
import { bundleFiles } from './files';
import { OWNER, scenarioSource } from '../../../testing/domain/export-fixtures';

const NOW = '2026-11-25T10:11:12.345Z';

describe('buildBundle', () => {
	it('signs content only: a later build of the same rows has the same signature', async () => {
		const a = await buildBundle(scenarioSource(), {
			now: NOW,
			builtBy: 'server',
			requestId: 'req-1'
		});
		const b = await buildBundle(scenarioSource(), {
			now: '2026-12-31T23:59:59.999Z',
			builtBy: 'kiosk',
			requestId: 'req-2',
			warnings: [{ code: 'pending_local_action', message: 'x', reservationId: 'res-maya-1' }]
		});
		expect(a.exportHeader.signature).toMatch(/^mfexp_[0-9a-f]{64}$/);
		expect(b.exportHeader.signature).toBe(a.exportHeader.signature);
		expect(b.exportHeader.artifactId).not.toBe(a.exportHeader.artifactId);
		expect(b.exportHeader.digests).toEqual(a.exportHeader.digests);
	});

	it('carries the header, summary and artifact id of the format', async () => {
		const b = await buildBundle(scenarioSource(), { now: NOW, builtBy: 'server' });
		expect(b.exportHeader.artifactId).toBe('mf-continuity-cust-maya-20261125101112');
		expect(b.exportHeader.generatedAt).toBe(NOW);
		expect(b.exportHeader.schemaVersion).toMatch(/^\d{4}-\d{2}-\d{2}\./);
		expect(Object.keys(b.summary)).toEqual([...DATASET_NAMES, 'latestUpdatedAt']);
		expect(b.summary.reservations).toBe(2);
		expect(b.summary.stageHistory).toBe(b.jsonBundle.stageHistory.length);
		expect(b.summary.latestUpdatedAt).toBe(
			scenarioSource()
				.reservations.filter((r) => r.ownerUid === OWNER)
				.map((r) => r.updatedAt)
				.sort()
				.at(-1)
		);
	});

	it('is owner-scoped: no row of another owner appears', async () => {
		const b = await buildBundle(scenarioSource(), { now: NOW, builtBy: 'server' });
		const text = JSON.stringify(b.jsonBundle);
		expect(text).not.toContain('res-other-1');
		for (const d of DATASET_NAMES)
			for (const row of b.jsonBundle[d]) {
				if ('reservationId' in row) expect(String(row.reservationId)).toMatch(/^res-maya-/);
			}
		expect(b.jsonBundle.notifications.length).toBeGreaterThan(0);
		expect(b.jsonBundle.storageAudit.length).toBeGreaterThan(0);
		expect(b.jsonBundle.queueFairnessAudit.length).toBeGreaterThan(0);
	});

	it('shows each reservation by the short reference people read, beside its id', async () => {
		const b = await buildBundle(scenarioSource(), { now: NOW, builtBy: 'server' });
		expect(b.jsonBundle.reservations.length).toBeGreaterThan(0);
		for (const r of b.jsonBundle.reservations)
			expect(r.shortReference).toBe(shortReference(String(r.reservationId)));
		const csv = bundleFiles(b).find((f) => f.name.endsWith('reservations.csv'));
		expect(csv?.text.split('\n')[0].split(',').slice(0, 2)).toEqual([
			'"reservationId"',
			'"shortReference"'
		]);
	});

	it('keeps timestamps as ISO strings with milliseconds', async () => {
		const b = await buildBundle(scenarioSource(), { now: NOW, builtBy: 'server' });
		const times = [
			...b.jsonBundle.reservations.flatMap((r) => [r.createdAt, r.updatedAt]),
			...b.jsonBundle.stageHistory.map((r) => r.at),
			...b.jsonBundle.notifications.map((r) => r.createdAt)
		];
		for (const t of times) expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
	});

	it('changes the signature when any single value changes', async () => {
		const b = await buildBundle(scenarioSource(), { now: NOW, builtBy: 'server' });
		const sign = () =>
			signatureOf(b.exportHeader.ownerUid, b.exportHeader.schemaVersion, b.summary, b.jsonBundle);
		expect(await sign()).toBe(b.exportHeader.signature);
		const seen = new Set([b.exportHeader.signature]);
		for (const d of DATASET_NAMES) {
			const row = b.jsonBundle[d][0];
			for (const col of Object.keys(row)) {
				const before = row[col];
				row[col] =
					typeof before === 'number'
						? before + 1
						: typeof before === 'boolean'
							? !before
							: `${String(before)}x`;
				const sig = await sign();
				expect(seen.has(sig), `${d}.${col}`).toBe(false);
				seen.add(sig);
				row[col] = before;
			}
		}
		expect(await sign()).toBe(b.exportHeader.signature);
	});

	it('reports signing progress for an owner with hundreds of reservations', async () => {
		const src = scenarioSource();
		const base = src.reservations.filter((r) => r.ownerUid === OWNER);
		const many = Array.from({ length: 300 }, (_, i) => ({ ...base[i % 2], id: `res-bulk-${i}` }));
		const seen: number[] = [];
		const b = await buildBundle(
			{ ...src, reservations: many },
			{ now: NOW, builtBy: 'kiosk', onProgress: (p) => p.phase === 'signing' && seen.push(p.done) }
		);
		expect(b.summary.reservations).toBe(300);
		expect(seen.length).toBeGreaterThan(5);
		expect(seen).toEqual([...seen].sort((x, y) => x - y));
		expect(seen.at(-1)).toBe(Object.values(b.jsonBundle).reduce((n, rows) => n + rows.length, 0));
	});
});
