import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import {
	bundleFiles,
	readBundleFiles,
	unzipBundle,
	zipBundle,
	type ContinuityBundle,
	type ReadFiles
} from '../../domain/export';
import { fileNames } from '../../domain/export/artifact';

/** Writes the JSON, the CSVs and the zip of a bundle into `dir`; returns the paths written. */
export function writeBundle(bundle: ContinuityBundle, dir: string): string[] {
	mkdirSync(dir, { recursive: true });
	const written: string[] = [];
	for (const f of bundleFiles(bundle)) {
		writeFileSync(join(dir, f.name), f.text);
		written.push(join(dir, f.name));
	}
	const zip = join(dir, fileNames.zip(bundle.exportHeader.artifactId));
	writeFileSync(zip, zipBundle(bundle));
	return [...written, zip];
}

/**
 * Reads a bundle from a `.zip`, a folder, or a `.json` file (its CSVs are picked up from beside
 * it when they carry the same artifact id).
 */
export function readBundlePath(path: string): ReadFiles {
	if (statSync(path).isDirectory()) {
		const names = readdirSync(path).filter((n) => n.endsWith('.json') || n.endsWith('.csv'));
		return readBundleFiles(
			Object.fromEntries(names.map((n) => [n, readFileSync(join(path, n), 'utf8')]))
		);
	}
	if (path.endsWith('.zip')) return unzipBundle(new Uint8Array(readFileSync(path)));
	const stem = basename(path).replace(/\.json$/, '');
	const dir = dirname(path);
	const csvs = readdirSync(dir).filter((n) => n.startsWith(`${stem}-`) && n.endsWith('.csv'));
	return readBundleFiles({
		[basename(path)]: readFileSync(path, 'utf8'),
		...Object.fromEntries(csvs.map((n) => [n, readFileSync(join(dir, n), 'utf8')]))
	});
}
