import { cpus, totalmem, type as osType, release } from 'node:os';
import { round } from './stats';

export interface Row {
	figure: string;
	size: string;
	kilnboard: string;
	baseline: string;
	/** Kilnboard ÷ baseline, oriented so that > 1 means Kilnboard is the larger number. */
	ratio: number;
	target: string;
	met: boolean | null;
}

const fmt = (x: number, unit = '') => `${round(x)}${unit}`;
export { fmt };

export function machine() {
	return {
		cpu: cpus()[0]?.model ?? 'unknown',
		cores: cpus().length,
		memoryGb: round(totalmem() / 2 ** 30),
		os: `${osType()} ${release()}`,
		node: process.version
	};
}

/** A Markdown table: printed to the console and pasted into docs/PERFORMANCE.md. */
export function table(rows: readonly Row[]): string {
	const head = ['Figure', 'Size', 'Kilnboard', 'Baseline / floor', 'Ratio', 'Target', 'Met'];
	const lines = rows.map((r) => [
		r.figure,
		r.size,
		r.kilnboard,
		r.baseline,
		`${round(r.ratio)}×`,
		r.target,
		r.met === null ? '–' : r.met ? 'yes' : 'no'
	]);
	const all = [head, ...lines];
	const widths = head.map((_, c) => Math.max(...all.map((l) => l[c].length)));
	const line = (l: string[]) => `| ${l.map((s, c) => s.padEnd(widths[c])).join(' | ')} |`;
	return [line(head), line(widths.map((w) => '-'.repeat(w))), ...lines.map(line)].join('\n');
}

/** Every figure must be present and finite; the quick mode checks this and nothing about speed. */
export function missingFigures(rows: readonly Row[], expected: readonly string[]): string[] {
	const problems: string[] = [];
	for (const name of expected) {
		const mine = rows.filter((r) => r.figure === name);
		if (!mine.length) problems.push(`${name}: not produced`);
		for (const r of mine)
			if (!Number.isFinite(r.ratio) || r.ratio <= 0)
				problems.push(`${name} (${r.size}): ratio ${r.ratio}`);
	}
	return problems;
}
