/** Nearest-rank percentile of a sample (p in 0..100); NaN for an empty sample. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const median = (values: readonly number[]) => percentile(values, 50);

/** Rounds for display and JSON: 2 significant decimals under 10, 1 under 100, else integers. */
export function round(x: number): number {
	if (!Number.isFinite(x)) return x;
	const a = Math.abs(x);
	return a < 10 ? Math.round(x * 100) / 100 : a < 100 ? Math.round(x * 10) / 10 : Math.round(x);
}
