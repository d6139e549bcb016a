import type { Cell, Row } from './format';

const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;

/**
 * Text a spreadsheet would run as a formula (or that hides one behind a tab or carriage return):
 * `=`, `+`, `-`, `@`, tab, CR at the start. Names and labels come from staff and from the public
 * request page, so these are untrusted.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell made safe to open in a spreadsheet: a leading apostrophe keeps it text. */
export const neutralizeCell = (s: string) => (FORMULA_START.test(s) ? `'${s}` : s);

/**
 * The text a cell has in a CSV, or null for an empty unquoted field. Text values are
 * neutralised; the JSON bundle keeps the original (verification compares through this function).
 */
export function cellText(v: Cell | undefined): string | null {
	if (v === null || v === undefined) return null;
	if (typeof v === 'string') return neutralizeCell(v);
	return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** One header row, every cell quoted with quotes doubled, nulls empty, `\n` after every row. */
export function toCsv(columns: readonly string[], rows: readonly Row[]): string {
	const line = (cells: (string | null)[]) =>
		cells.map((c) => (c === null ? '' : quote(c))).join(',');
	let out = `${line([...columns])}\n`;
	for (const r of rows) out += `${line(columns.map((c) => cellText(r[c])))}\n`;
	return out;
}

/** Parses our CSV back into cells; an empty unquoted field is null, `""` is an empty string. */
export function parseCsv(text: string): (string | null)[][] {
	const rows: (string | null)[][] = [];
	let row: (string | null)[] = [];
	let i = 0;
	while (i < text.length) {
		let cell: string | null;
		if (text[i] === '"') {
			let s = '';
			i++;
			for (;;) {
				if (i >= text.length) throw new SyntaxError('unterminated quoted cell');
				if (text[i] === '"') {
					if (text[i + 1] === '"') {
						s += '"';
						i += 2;
						continue;
					}
					i++;
					break;
				}
				s += text[i++];
			}
			cell = s;
		} else {
			let s = '';
			while (i < text.length && text[i] !== ',' && text[i] !== '\n') s += text[i++];
			cell = s === '' ? null : s;
		}
		row.push(cell);
		if (text[i] === ',') {
			i++;
			continue;
		}
		if (text[i] === '\n' || i >= text.length) {
			rows.push(row);
			row = [];
			i++;
		} else throw new SyntaxError(`unexpected character at ${i}`);
	}
	return rows;
}
