import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { fileNames } from './artifact';
import type { ContinuityBundle } from './bundle';
import { toCsv } from './csv';
import { DATASET_COLUMNS, DATASET_NAMES, type DatasetName } from './format';

export interface BundleFile {
	name: string;
	text: string;
}

/** `<artifactId>.json` and one `<artifactId>-<dataset>.csv` per dataset (header only when empty). */
export function bundleFiles(bundle: ContinuityBundle): BundleFile[] {
	const id = bundle.exportHeader.artifactId;
	return [
		{ name: fileNames.json(id), text: `${JSON.stringify(bundle, null, 2)}\n` },
		...DATASET_NAMES.map((d) => ({
			name: fileNames.csv(id, d),
			text: toCsv(DATASET_COLUMNS[d], bundle.jsonBundle[d])
		}))
	];
}

/** The files in one zip; entry times are generatedAt, so the same bundle zips to the same bytes. */
export function zipBundle(bundle: ContinuityBundle): Uint8Array<ArrayBuffer> {
	const mtime = new Date(bundle.exportHeader.generatedAt);
	const entries = Object.fromEntries(
		bundleFiles(bundle).map((f) => [f.name, [strToU8(f.text), { mtime }] as const])
	);
	// fflate always allocates a plain ArrayBuffer; the cast lets it be a fetch/Blob body.
	return zipSync(entries as Parameters<typeof zipSync>[0], { level: 6 }) as Uint8Array<ArrayBuffer>;
}

export interface ReadFiles {
	/** The parsed JSON bundle (unchecked), or null when none was found. */
	bundle: unknown;
	csv: Partial<Record<DatasetName, string>>;
}

/** Finds the JSON bundle and the dataset CSVs among named files (a zip's entries, a folder). */
export function readBundleFiles(files: Record<string, string>): ReadFiles {
	const out: ReadFiles = { bundle: null, csv: {} };
	for (const [name, text] of Object.entries(files)) {
		const base = name.split('/').pop() ?? name;
		if (base.endsWith('.json')) out.bundle = JSON.parse(text);
		for (const d of DATASET_NAMES) if (base.endsWith(`-${d}.csv`)) out.csv[d] = text;
	}
	return out;
}

export function unzipBundle(bytes: Uint8Array): ReadFiles {
	const entries = unzipSync(bytes);
	return readBundleFiles(
		Object.fromEntries(Object.entries(entries).map(([n, b]) => [n, strFromU8(b)]))
	);
}
