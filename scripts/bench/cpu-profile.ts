import type { CDPSession } from '@playwright/test';

/** The parts of a CDP `Profiler.Profile` the summary reads. */
export interface CpuProfile {
	nodes: {
		id: number;
		callFrame: { functionName: string; url: string; lineNumber: number };
		children?: number[];
	}[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

export interface ProfileLine {
	fn: string;
	ms: number;
	share: number;
}

export interface ProfileSummary {
	totalMs: number;
	/** Where the samples landed (self time), by function. */
	self: ProfileLine[];
	/** Time with the function on the stack (inclusive, recursion counted once), by function. */
	inclusive: ProfileLine[];
}

const file = (url: string) => url.split('/').pop()?.split('?')[0] ?? '';

/** A readable function key: name, file and line ("(program)" and the like stay as they are). */
function keyOf(f: CpuProfile['nodes'][number]['callFrame']): string {
	const name = f.functionName || '(anonymous)';
	return f.url ? `${name} ${file(f.url)}:${f.lineNumber + 1}` : name;
}

/** Self and inclusive time per function of one CPU profile, top `top` of each. */
export function summarise(p: CpuProfile, top = 25): ProfileSummary {
	const byId = new Map(p.nodes.map((n) => [n.id, n]));
	const selfOf = new Map<number, number>();
	p.samples.forEach((id, i) => selfOf.set(id, (selfOf.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
	const self = new Map<string, number>();
	const incl = new Map<string, number>();
	const onStack = new Map<string, number>();
	const totalOf = new Map<number, number>();
	// Iterative post-order: the profile tree can be deeper than the JS stack allows recursion.
	const root = p.nodes[0];
	const stack: { id: number; done: boolean }[] = [{ id: root.id, done: false }];
	while (stack.length) {
		const top = stack.pop()!;
		const node = byId.get(top.id)!;
		const key = keyOf(node.callFrame);
		if (!top.done) {
			onStack.set(key, (onStack.get(key) ?? 0) + 1);
			stack.push({ id: top.id, done: true });
			for (const c of node.children ?? []) stack.push({ id: c, done: false });
			continue;
		}
		const own = selfOf.get(top.id) ?? 0;
		const total = own + (node.children ?? []).reduce((s, c) => s + (totalOf.get(c) ?? 0), 0);
		totalOf.set(top.id, total);
		self.set(key, (self.get(key) ?? 0) + own);
		const depth = onStack.get(key)! - 1;
		onStack.set(key, depth);
		if (depth === 0) incl.set(key, (incl.get(key) ?? 0) + total);
	}
	const totalUs = p.timeDeltas.reduce((s, d) => s + d, 0);
	const lines = (m: Map<string, number>) =>
		[...m]
			.filter(([, us]) => us > 0)
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([fn, us]) => ({ fn, ms: us / 1000, share: totalUs ? us / totalUs : 0 }));
	return { totalMs: totalUs / 1000, self: lines(self), inclusive: lines(incl) };
}

/** Runs `work` under the sampling profiler of `cdp`'s page and summarises what it sampled. */
export async function profiled<T>(
	cdp: CDPSession,
	work: () => Promise<T>,
	intervalUs = 100
): Promise<{ result: T; profile: CpuProfile }> {
	await cdp.send('Profiler.enable');
	await cdp.send('Profiler.setSamplingInterval', { interval: intervalUs });
	await cdp.send('Profiler.start');
	const result = await work();
	const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
	return { result, profile };
}

export function printSummary(title: string, s: ProfileSummary, log: (m: string) => void): void {
	log(`\n## ${title}: ${s.totalMs.toFixed(0)} ms sampled`);
	const row = (l: ProfileLine) =>
		`${l.ms.toFixed(1).padStart(8)} ms ${(l.share * 100).toFixed(1).padStart(5)} %  ${l.fn}`;
	log('self time:');
	for (const l of s.self) log(row(l));
	log('inclusive time:');
	for (const l of s.inclusive) log(row(l));
}
