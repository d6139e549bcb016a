import { describe, expect, it } from 'vitest';
import { IntervalJob, type Timers } from './jobs';
import { silentLogger } from './log';

function manualTimers() {
	const ticks: (() => void)[] = [];
	const timers: Timers = {
		setInterval: (fn) => ticks.push(fn) - 1,
		clearInterval: (h) => {
			ticks[h as number] = () => {};
		}
	};
	return { timers, tick: () => ticks.forEach((t) => t()) };
}

describe('IntervalJob', () => {
	it('runs once at start and on every tick; stop ends the ticks', async () => {
		const m = manualTimers();
		let runs = 0;
		const job = new IntervalJob('t', async () => ++runs, 1000, silentLogger, m.timers);
		expect(await job.start()).toBe(1);
		m.tick();
		await job.runNow();
		expect(runs).toBe(2);
		await job.stop();
		m.tick();
		expect(runs).toBe(2);
	});

	it('never overlaps: a tick during a run joins it', async () => {
		const m = manualTimers();
		let runs = 0;
		let release!: () => void;
		const job = new IntervalJob(
			't',
			() => new Promise<number>((r) => (release = () => r(++runs))),
			1000,
			silentLogger,
			m.timers
		);
		const first = job.start();
		m.tick();
		const joined = job.runNow();
		release();
		expect(await first).toBe(1);
		expect(await joined).toBe(1);
		expect(runs).toBe(1);
	});

	it('a failing run is logged and the next one still runs', async () => {
		const errors: string[] = [];
		let n = 0;
		const job = new IntervalJob(
			't',
			async () => {
				if (++n === 1) throw new Error('boom');
				return n;
			},
			1000,
			{ ...silentLogger, error: (m) => errors.push(m) },
			manualTimers().timers
		);
		expect(await job.start()).toBeNull();
		expect(await job.runNow()).toBe(2);
		expect(errors).toEqual(['t failed']);
		await job.stop();
	});

	it('a guard that gives the turn to another server skips the run and yields null', async () => {
		const m = manualTimers();
		let runs = 0;
		let mine = false;
		const job = new IntervalJob(
			't',
			async () => ++runs,
			1000,
			silentLogger,
			m.timers,
			async (run) => (mine ? { ran: true, value: await run() } : { ran: false })
		);
		expect(await job.start()).toBeNull();
		expect(runs).toBe(0);
		mine = true;
		expect(await job.runNow()).toBe(1);
		await job.stop();
	});
});
