import { toCsv } from '$lib/domain/export/csv';
import type { Row } from '$lib/domain/export/format';

/**
 * Saves rows as a CSV file in the browser, offline too (a blob URL, no request). `toCsv` keeps
 * formula-looking text as text, so a name typed on the request page cannot run in a spreadsheet.
 */
export function downloadCsv(fileName: string, columns: readonly string[], rows: readonly Row[]) {
	const url = URL.createObjectURL(
		new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' })
	);
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	a.click();
	// Revoked after the click has been handled, so the download has its data.
	setTimeout(() => URL.revokeObjectURL(url), 0);
}
