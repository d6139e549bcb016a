import { describe, expect, it } from 'vitest';
import { fileNames, artifactIdFor } from './artifact';
import { parseCsv, toCsv } from './csv';

describe('toCsv', () => {
	it('quotes every cell, doubles quotes, leaves nulls empty and ends every row with a newline', () => {
		const text = toCsv(
			['a', 'b', 'c', 'd'],
			[
				{ a: 'say "hi"', b: null, c: 3, d: true },
				{ a: 'two\nlines, comma', b: '', c: 0.5, d: false }
			]
		);
		expect(text).toBe(
			'"a","b","c","d"\n"say ""hi""",,"3","true"\n"two\nlines, comma","","0.5","false"\n'
		);
		expect(parseCsv(text)).toEqual([
			['a', 'b', 'c', 'd'],
			['say "hi"', null, '3', 'true'],
			['two\nlines, comma', '', '0.5', 'false']
		]);
	});
});

describe('formula injection', () => {
	const HOSTILE = [
		'=HYPERLINK("http://x","click")',
		'+1+1',
		'-2+3',
		'@SUM(A1)',
		'\t=1+1',
		'\r=1+1'
	];

	it('text cells that a spreadsheet would run as formulas start with an apostrophe', () => {
		const text = toCsv(
			['name', 'n'],
			HOSTILE.map((name) => ({ name, n: -3 }))
		);
		const rows = parseCsv(text).slice(1);
		expect(rows.map((r) => r[0])).toEqual(HOSTILE.map((h) => `'${h}`));
		// Numbers stay numbers; harmless text is untouched.
		expect(rows.every((r) => r[1] === '-3')).toBe(true);
		expect(parseCsv(toCsv(['a'], [{ a: 'Mug = 2' }, { a: "'quoted" }]))).toEqual([
			['a'],
			['Mug = 2'],
			["'quoted"]
		]);
	});
});

describe('file names', () => {
	it('are safe and at most 96 characters before the extension', () => {
		const id = artifactIdFor('../../etc/passwd?x=1 '.repeat(8), '2026-11-25T10:11:12.345Z');
		expect(id).toMatch(/^mf-continuity-[A-Za-z0-9_-]+-20261125101112$/);
		for (const name of [
			fileNames.json(id),
			fileNames.zip(id),
			fileNames.csv(id, 'queueFairnessAudit')
		]) {
			expect(name).toMatch(/^[A-Za-z0-9_-]{1,96}\.(json|zip|csv)$/);
		}
		expect(fileNames.csv(id, 'queueFairnessAudit')).toMatch(/-queueFairnessAudit\.csv$/);
	});
});
