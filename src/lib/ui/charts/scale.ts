/** A round top for a value axis (1, 2, 5 × 10ⁿ steps) so gridlines land on readable numbers. */
export function niceMax(max: number): { top: number; step: number } {
	if (!(max > 0)) return { top: 1, step: 1 };
	const raw = max / 4;
	const mag = 10 ** Math.floor(Math.log10(raw));
	const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
	const whole = Math.max(1, Math.round(step));
	return { top: Math.ceil(max / whole) * whole, step: whole };
}

/** The gridline values from 0 to `top`. */
export function ticks(top: number, step: number): number[] {
	const out: number[] = [];
	for (let v = 0; v <= top + 1e-9; v += step) out.push(v);
	return out;
}
