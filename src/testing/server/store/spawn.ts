import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../../..');
/** Runs a TypeScript file in ONE process (the `tsx` binary forks, and a kill must reach it). */
export const nodeTs = (file: string, ...args: string[]) => ['--import', 'tsx', file, ...args];

export interface Child {
	proc: ChildProcess;
	/** Everything written to stderr and stdout so far. */
	output(): string;
	/** Resolves when the output contains `text` (rejects on exit or after `ms`). */
	waitFor(text: string | RegExp, ms?: number): Promise<void>;
	exited: Promise<number | null>;
}

export function spawnChild(cmd: string, args: string[], env: Record<string, string> = {}): Child {
	const proc = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env } });
	let out = '';
	const waiters = new Set<() => void>();
	const onData = (d: Buffer) => {
		out += d.toString();
		for (const w of waiters) w();
	};
	proc.stdout!.on('data', onData);
	proc.stderr!.on('data', onData);
	const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)));
	const matches = (t: string | RegExp) => (typeof t === 'string' ? out.includes(t) : t.test(out));
	return {
		proc,
		output: () => out,
		exited,
		waitFor: (text, ms = 30_000) =>
			new Promise<void>((res, rej) => {
				const timer = setTimeout(() => done(new Error(`timeout waiting for ${text}:\n${out}`)), ms);
				const check = () => matches(text) && done();
				const done = (err?: Error) => {
					clearTimeout(timer);
					waiters.delete(check);
					if (err) rej(err);
					else res();
				};
				waiters.add(check);
				void exited.then(() => !matches(text) && done(new Error(`exited before ${text}:\n${out}`)));
				check();
			})
	};
}
