import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir } from './data-lock';
import { openPglite } from './pglite';
import { nodeTs, spawnChild, type Child } from '../../../testing/server/store/spawn';

const WRITER = 'src/testing/server/store/store-writer.ts';
const SERVER = 'src/testing/server/store/server-start.ts';
const children: Child[] = [];
const dirs: string[] = [];
const freshDir = () => {
	const d = mkdtempSync(join(tmpdir(), 'kilnboard-lock-'));
	dirs.push(d);
	return d;
};
const run = (args: string[], env: Record<string, string> = {}) => {
	const c = spawnChild(process.execPath, nodeTs(args[0], ...args.slice(1)), env);
	children.push(c);
	return c;
};

afterEach(() => {
	for (const c of children.splice(0)) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
	for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('one owner per data folder', () => {
	it('refuses a second writer and every CLI while a process holds the folder; a killed owner loses no acknowledged row', async () => {
		const dir = freshDir();
		const owner = run([WRITER, dir]);
		await owner.waitFor('ACK 25');

		const second = run([WRITER, dir, '1']);
		expect(await second.exited).toBe(3);
		expect(second.output()).toContain('in use by another Kilnboard process');
		expect(second.output()).toContain(`pid ${owner.proc.pid}`);

		// The shell commands that touch the store take the same lock.
		const env = { DATA_DIR: dir };
		const clis = [
			run(['scripts/devices.ts', 'list'], env),
			run(['scripts/seed.ts'], env),
			run(['scripts/backup.ts', '--out', join(dir, '..', `b-${Date.now()}.json`)], env)
		];
		for (const cli of clis) {
			expect(await cli.exited).not.toBe(0);
			expect(cli.output()).toContain('in use by another Kilnboard process');
		}

		owner.proc.kill('SIGKILL');
		await owner.exited;
		const acked = Math.max(...[...owner.output().matchAll(/ACK (\d+)/g)].map((m) => Number(m[1])));
		expect(acked).toBeGreaterThanOrEqual(25);

		// The dead owner's lock is taken over; every acknowledged row is there.
		const store = await openPglite({ dataDir: dir });
		try {
			const [{ n, max }] = await store.query<{ n: number; max: number }>(
				'SELECT count(*)::int AS n, max(n) AS max FROM acked'
			);
			expect(max).toBeGreaterThanOrEqual(acked);
			expect(n).toBe(max);
		} finally {
			await store.close();
		}
		expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
	}, 120_000);

	it('a second server started on the same folder refuses with a clear message', async () => {
		const dir = freshDir();
		const env = { DATA_DIR: dir };
		const first = run([SERVER], env);
		await first.waitFor('STARTED', 60_000);
		const second = run([SERVER], env);
		expect(await second.exited).toBe(3);
		expect(second.output()).toMatch(
			/REFUSED The data folder .* is in use by another Kilnboard process/
		);
		expect(first.proc.exitCode).toBeNull();
	}, 120_000);

	it('refuses a second open within one process and releases on close', async () => {
		const dir = freshDir();
		const store = await openPglite({ dataDir: dir });
		await expect(openPglite({ dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError);
		await store.close();
		const again = await openPglite({ dataDir: dir });
		await again.close();
	}, 60_000);

	it('never steals a lock whose owner is alive, takes over one whose pid is dead', () => {
		const dir = freshDir();
		const path = join(dir, LOCK_FILE);
		const live = { pid: process.ppid, host: hostname() };
		writeFileSync(path, JSON.stringify({ ...live, procStart: null, command: 'x', since: 'y' }));
		expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
		writeFileSync(path, JSON.stringify({ ...live, pid: 2 ** 22 + 7, procStart: null }));
		const release = lockDataDir(dir);
		expect(JSON.parse(readFileSync(path, 'utf8')).pid).toBe(process.pid);
		release();
	});
});
