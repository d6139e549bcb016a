import {
	buildBundle,
	fileNames,
	zipBundle,
	type ExportProgress,
	type ExportWarning,
	type Summary
} from '../../domain/export';
import type { KilnDb } from '../db';
import { readOwnerSource } from './read-owner';

export type KioskExportProgress =
	| { phase: 'reading'; done: number; total: number }
	| ExportProgress
	| { phase: 'zipping' | 'done'; done: number; total: number };

export interface KioskExport {
	artifactId: string;
	signature: string;
	summary: Summary;
	warnings: ExportWarning[];
	zipName: string;
	zip: Uint8Array<ArrayBuffer>;
}

/** Reads, signs and zips one owner's bundle on the kiosk with the same builder as the server. */
export async function runExport(
	db: KilnDb,
	ownerUid: string,
	now: string,
	onProgress: (p: KioskExportProgress) => void = () => {}
): Promise<KioskExport> {
	onProgress({ phase: 'reading', done: 0, total: 1 });
	const { source, warnings } = await readOwnerSource(db, ownerUid);
	onProgress({ phase: 'reading', done: 1, total: 1 });
	const bundle = await buildBundle(source, { now, builtBy: 'kiosk', warnings, onProgress });
	onProgress({ phase: 'zipping', done: 0, total: 1 });
	const zip = zipBundle(bundle);
	onProgress({ phase: 'done', done: 1, total: 1 });
	const h = bundle.exportHeader;
	return {
		artifactId: h.artifactId,
		signature: h.signature,
		summary: bundle.summary,
		warnings: bundle.warnings,
		zipName: fileNames.zip(h.artifactId),
		zip
	};
}
