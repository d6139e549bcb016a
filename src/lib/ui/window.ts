/*
 * Windowing arithmetic for a lane of cards of varying height: which slice to render for a
 * scroll position. Pure; the component measures the rendered cards and passes the heights.
 */

/** Cumulative tops: `offsets[i]` is where item i starts, `offsets[n]` the total height. */
export function offsetsOf(
	keys: readonly string[],
	height: (key: string) => number | undefined,
	estimate: number
): Float64Array {
	const out = new Float64Array(keys.length + 1);
	for (let i = 0; i < keys.length; i++) out[i + 1] = out[i] + (height(keys[i]) ?? estimate);
	return out;
}

/** First index whose item ends below `y` (binary search over the offsets). */
function indexAt(offsets: Float64Array, y: number): number {
	let lo = 0;
	let hi = offsets.length - 1;
	while (lo < hi) {
		const mid = (lo + hi) >> 1;
		if (offsets[mid + 1] <= y) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}

/**
 * The items to render, [start, end), for a viewport at `scrollTop` of `height`, with `overscan`
 * pixels either side so keyboard and quick scrolling do not meet blank space.
 */
export function windowRange(
	offsets: Float64Array,
	scrollTop: number,
	height: number,
	overscan: number
): { start: number; end: number } {
	const n = offsets.length - 1;
	if (n <= 0) return { start: 0, end: 0 };
	const start = indexAt(offsets, Math.max(0, scrollTop - overscan));
	const end = Math.min(n, indexAt(offsets, scrollTop + height + overscan) + 1);
	return { start, end };
}
