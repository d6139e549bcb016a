import { digestDatasets, signatureOf, summarize, type ContinuityBundle } from './bundle';
import { cellText, parseCsv } from './csv';
import {
	DATASET_KEYS,
	READABLE_FORMATS,
	SCHEMA_VERSION,
	type BundleFormat,
	type DatasetName,
	type Datasets,
	type Row
} from './format';
import { BundleVersion, bundleShape } from './schema';

export interface Difference {
	dataset: DatasetName | 'summary' | 'exportHeader';
	row: number | null;
	/** The row's identifying columns, e.g. `reservationId=r-1 index=3`. */
	key: string | null;
	column: string | null;
	message: string;
}

export type VerifyOutcome =
	| { ok: true; signature: string; artifactId: string }
	| {
			ok: false;
			code: 'malformed' | 'unsupported_schema' | 'signature_mismatch' | 'csv_mismatch';
			expected: string | null;
			actual: string | null;
			differences: Difference[];
	  };

export const rowKey = (d: DatasetName, row: Row | undefined) =>
	row ? DATASET_KEYS[d].map((k) => `${k}=${String(row[k])}`).join(' ') : null;

function localize(
	format: BundleFormat,
	d: DatasetName,
	rows: Row[],
	stored: ContinuityBundle['integrity'][DatasetName],
	fresh: ContinuityBundle['integrity'][DatasetName]
): Difference[] {
	const out: Difference[] = [];
	const cols = (format.columns[d] ?? []).filter(
		(c) => stored.columnDigests[c] !== fresh.columnDigests[c]
	);
	if (stored.rowDigests.length !== fresh.rowDigests.length)
		out.push({
			dataset: d,
			row: null,
			key: null,
			column: null,
			message: `${d} has ${fresh.rowDigests.length} rows; it had ${stored.rowDigests.length} when signed`
		});
	const n = Math.min(stored.rowDigests.length, fresh.rowDigests.length);
	for (let i = 0; i < n; i++) {
		if (stored.rowDigests[i] === fresh.rowDigests[i]) continue;
		const key = rowKey(d, rows[i]);
		for (const column of cols.length ? cols : [null])
			out.push({
				dataset: d,
				row: i,
				key,
				column,
				message: `${d} row ${i} (${key})${column ? ` column ${column}` : ''} differs from the signed value`
			});
	}
	if (!out.length)
		out.push({
			dataset: d,
			row: null,
			key: null,
			column: null,
			message: `${d} differs from the signed content`
		});
	return out;
}

/**
 * Child counts on each reservation row must match the child datasets, and (formats with a fees
 * dataset) the fee charges must add up to the reservation's feeTotalMinor.
 */
function crossCheck(format: BundleFormat, datasets: Datasets): Difference[] {
	const out: Difference[] = [];
	const pairs = [
		['stageHistoryCount', 'stageHistory'],
		['pieceRowCount', 'pieces'],
		['storageActionCount', 'storageActions']
	] as const;
	datasets.reservations.forEach((r, i) => {
		for (const [column, child] of pairs) {
			const n = datasets[child].filter((c) => c.reservationId === r.reservationId).length;
			if (n !== r[column])
				out.push({
					dataset: 'reservations',
					row: i,
					key: rowKey('reservations', r),
					column,
					message: `reservation ${String(r.reservationId)}: ${column} is ${String(r[column])} but ${child} has ${n} rows`
				});
		}
		if (!format.names.includes('fees')) return;
		const charges = datasets.fees.filter((c) => c.reservationId === r.reservationId);
		const sum = charges.reduce((n, c) => n + Number(c.minor), 0);
		if ((charges.length ? sum : null) !== r.feeTotalMinor)
			out.push({
				dataset: 'reservations',
				row: i,
				key: rowKey('reservations', r),
				column: 'feeTotalMinor',
				message: `reservation ${String(r.reservationId)}: feeTotalMinor is ${String(r.feeTotalMinor)} but its fee charges add up to ${charges.length ? sum : 'nothing'}`
			});
	});
	return out;
}

function compareCsv(format: BundleFormat, d: DatasetName, rows: Row[], text: string): Difference[] {
	const out: Difference[] = [];
	const cols = format.columns[d] ?? [];
	let cells: (string | null)[][];
	try {
		cells = parseCsv(text);
	} catch (err) {
		return [
			{
				dataset: d,
				row: null,
				key: null,
				column: null,
				message: `${d} CSV cannot be read: ${String(err)}`
			}
		];
	}
	if (cells[0]?.join(',') !== cols.join(','))
		out.push({
			dataset: d,
			row: null,
			key: null,
			column: null,
			message: `${d} CSV header differs`
		});
	if (cells.length - 1 !== rows.length)
		out.push({
			dataset: d,
			row: null,
			key: null,
			column: null,
			message: `${d} CSV has ${cells.length - 1} rows, JSON has ${rows.length}`
		});
	const n = Math.min(rows.length, cells.length - 1);
	for (let i = 0; i < n; i++)
		cols.forEach((c, j) => {
			if (cellText(rows[i][c]) !== (cells[i + 1][j] ?? null))
				out.push({
					dataset: d,
					row: i,
					key: rowKey(d, rows[i]),
					column: c,
					message: `${d} CSV row ${i} (${rowKey(d, rows[i])}) column ${c} differs from the JSON bundle`
				});
		});
	return out;
}

/**
 * Recomputes the signature of a bundle read back from a file and names every dataset, row and
 * column that no longer matches; CSVs, when given, must equal the JSON datasets cell for cell.
 */
export async function verifyBundle(
	input: unknown,
	csv: Partial<Record<DatasetName, string>> = {}
): Promise<VerifyOutcome> {
	const claimed = BundleVersion.safeParse(input);
	const version = claimed.success ? claimed.data.exportHeader.schemaVersion : null;
	// Bundles of an older format verify against that format; an unknown one is named as such.
	const format = version === null ? undefined : READABLE_FORMATS[version];
	if (version !== null && !format)
		return {
			ok: false,
			code: 'unsupported_schema',
			expected: SCHEMA_VERSION,
			actual: version,
			differences: []
		};
	const parsed = bundleShape(format).safeParse(input);
	if (!parsed.success || !format)
		return {
			ok: false,
			code: 'malformed',
			expected: null,
			actual: null,
			differences: (parsed.error?.issues ?? []).slice(0, 20).map((i) => ({
				dataset: 'exportHeader',
				row: null,
				key: null,
				column: i.path.join('.'),
				message: `not a continuity bundle: ${i.path.join('.')}: ${i.message}`
			}))
		};
	const b = parsed.data as ContinuityBundle;
	const h = b.exportHeader;
	const differences: Difference[] = [];
	const { digests, integrity } = await digestDatasets(b.jsonBundle, undefined, format);
	for (const d of format.names)
		if (digests[d] !== h.digests[d])
			differences.push(...localize(format, d, b.jsonBundle[d], b.integrity[d], integrity[d]));
	const fresh = summarize(b.jsonBundle, format);
	for (const k of Object.keys(fresh) as (keyof typeof fresh)[])
		if (fresh[k] !== b.summary[k])
			differences.push({
				dataset: 'summary',
				row: null,
				key: null,
				column: k,
				message: `summary ${k} is ${String(b.summary[k])} but the datasets give ${String(fresh[k])}`
			});
	differences.push(...crossCheck(format, b.jsonBundle));
	const signature = await signatureOf(h.ownerUid, h.schemaVersion, b.summary, b.jsonBundle);
	if (signature !== h.signature && !differences.length)
		differences.push({
			dataset: 'exportHeader',
			row: null,
			key: null,
			column: 'signature',
			message:
				'the header signature does not match the content (ownerUid, schemaVersion or the signature itself changed)'
		});
	if (signature !== h.signature || differences.length)
		return {
			ok: false,
			code: 'signature_mismatch',
			expected: h.signature,
			actual: signature,
			differences
		};
	const csvDiffs = format.names.flatMap((d) =>
		csv[d] === undefined ? [] : compareCsv(format, d, b.jsonBundle[d], csv[d])
	);
	if (csvDiffs.length)
		return {
			ok: false,
			code: 'csv_mismatch',
			expected: h.signature,
			actual: signature,
			differences: csvDiffs
		};
	return { ok: true, signature, artifactId: h.artifactId };
}
