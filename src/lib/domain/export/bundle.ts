import { artifactIdFor } from './artifact';
import { canonicalJson } from './canonical';
import { buildDatasets, type ExportSource } from './datasets';
import { sha256Hex } from './digest';
import {
	CURRENT_FORMAT,
	REDACTION_RULES,
	SCHEMA_VERSION,
	SIGNATURE_ALGORITHM,
	SIGNATURE_PREFIX,
	type BundleFormat,
	type DatasetName,
	type Datasets
} from './format';

export type Summary = Record<DatasetName, number> & { latestUpdatedAt: string | null };

export interface ExportWarning {
	code: 'pending_local_action' | 'no_reservations' | 'source_unavailable';
	message: string;
	reservationId: string | null;
}

export interface ExportHeader {
	artifactId: string;
	ownerUid: string;
	generatedAt: string;
	schemaVersion: string;
	format: ['json', 'csv'];
	signature: string;
	signatureAlgorithm: string;
	/** SHA-256 of each dataset alone, so a verifier can say which dataset changed. */
	digests: Record<DatasetName, string>;
	builtBy: 'kiosk' | 'server';
	requestId: string | null;
}

/** Short per-row and per-column digests: with both, one changed cell is located exactly. */
export type Integrity = Record<
	DatasetName,
	{ rowDigests: string[]; columnDigests: Record<string, string> }
>;

export interface ContinuityBundle {
	exportHeader: ExportHeader;
	summary: Summary;
	redactionRules: string[];
	warnings: ExportWarning[];
	jsonBundle: Datasets;
	integrity: Integrity;
}

export type ExportProgress = { phase: 'building' | 'signing'; done: number; total: number };

/** Row counts of the format's datasets (an older format's bundle has fewer) and the latest update. */
export function summarize(datasets: Datasets, format: BundleFormat = CURRENT_FORMAT): Summary {
	const counts = Object.fromEntries(format.names.map((d) => [d, datasets[d].length]));
	const latest = datasets.reservations.reduce<string | null>((m, r) => {
		const u = r.updatedAt as string | null;
		return u && (!m || u > m) ? u : m;
	}, null);
	return { ...(counts as Record<DatasetName, number>), latestUpdatedAt: latest };
}

/** The exact text the signature covers: schema version, owner, summary and datasets. */
export const signedText = (
	ownerUid: string,
	schemaVersion: string,
	summary: Summary,
	d: Datasets
) => canonicalJson({ schemaVersion, ownerUid, summary, datasets: d });

export async function signatureOf(
	ownerUid: string,
	schemaVersion: string,
	summary: Summary,
	datasets: Datasets
): Promise<string> {
	return (
		SIGNATURE_PREFIX + (await sha256Hex(signedText(ownerUid, schemaVersion, summary, datasets)))
	);
}

const SHORT = 16;

/** Per-dataset digests plus row/column digests; reports progress every 200 rows. */
export async function digestDatasets(
	datasets: Datasets,
	onProgress?: (p: ExportProgress) => void,
	format: BundleFormat = CURRENT_FORMAT
): Promise<{ digests: Record<DatasetName, string>; integrity: Integrity }> {
	const total = format.names.reduce((n, d) => n + datasets[d].length, 0);
	let done = 0;
	const digests = {} as Record<DatasetName, string>;
	const integrity = {} as Integrity;
	for (const d of format.names) {
		const rows = datasets[d];
		digests[d] = await sha256Hex(canonicalJson(rows));
		const rowDigests: string[] = [];
		for (const row of rows) {
			rowDigests.push((await sha256Hex(canonicalJson(row))).slice(0, SHORT));
			if (++done % 200 === 0) onProgress?.({ phase: 'signing', done, total });
		}
		const columnDigests: Record<string, string> = {};
		for (const c of format.columns[d] ?? [])
			columnDigests[c] = (await sha256Hex(canonicalJson(rows.map((r) => r[c])))).slice(0, SHORT);
		integrity[d] = { rowDigests, columnDigests };
	}
	onProgress?.({ phase: 'signing', done: total, total });
	return { digests, integrity };
}

export interface BuildOptions {
	/** When the bundle is made; not signed. */
	now: string;
	builtBy: 'kiosk' | 'server';
	requestId?: string | null;
	warnings?: ExportWarning[];
	onProgress?: (p: ExportProgress) => void;
}

/**
 * Builds an owner's signed continuity bundle. The kiosk worker and the server both call this, so
 * the same rows give the same signature wherever they were read from.
 */
export async function buildBundle(
	src: ExportSource,
	opts: BuildOptions
): Promise<ContinuityBundle> {
	const datasets = buildDatasets(src);
	opts.onProgress?.({
		phase: 'building',
		done: datasets.reservations.length,
		total: datasets.reservations.length
	});
	const summary = summarize(datasets);
	const { digests, integrity } = await digestDatasets(datasets, opts.onProgress);
	const generatedAt = new Date(opts.now).toISOString();
	const warnings = [...(opts.warnings ?? [])];
	if (!datasets.reservations.length)
		warnings.push({
			code: 'no_reservations',
			message: `No reservations of ${src.ownerUid} were found in this store.`,
			reservationId: null
		});
	return {
		exportHeader: {
			artifactId: artifactIdFor(src.ownerUid, generatedAt),
			ownerUid: src.ownerUid,
			generatedAt,
			schemaVersion: SCHEMA_VERSION,
			format: ['json', 'csv'],
			signature: await signatureOf(src.ownerUid, SCHEMA_VERSION, summary, datasets),
			signatureAlgorithm: SIGNATURE_ALGORITHM,
			digests,
			builtBy: opts.builtBy,
			requestId: opts.requestId ?? null
		},
		summary,
		redactionRules: [...REDACTION_RULES],
		warnings,
		jsonBundle: datasets,
		integrity
	};
}
