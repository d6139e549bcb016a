import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshStore } from '../../../testing/server/testing';
import { nodeTs, ROOT } from '../../../testing/server/store/spawn';

const WRITER = 'src/testing/server/store/store-writer.ts';

describe('acknowledged means on disk (embedded store)', () => {
	it('every commit is fsynced before it is acknowledged (observed with strace)', () => {
		const dir = mkdtempSync(join(tmpdir(), 'kilnboard-fsync-'));
		const log = join(dir, 'strace.log');
		try {
			// strace is installed by .ci/run; its absence fails this test rather than skipping it.
			const r = spawnSync(
				'strace',
				[
					'-f',
					'-e',
					'trace=fsync,fdatasync,write',
					'-o',
					log,
					process.execPath,
					...nodeTs(WRITER, join(dir, 'pg'), '20')
				],
				{ cwd: ROOT, encoding: 'utf8', timeout: 120_000 }
			);
			expect(r.error).toBeUndefined();
			expect(r.status, r.stderr).toBe(0);
			const lines = readFileSync(log, 'utf8').split('\n');
			const ackAt = (n: number) => lines.findIndex((l) => l.includes(`write(2, "ACK ${n}\\n"`));
			const first = Number(/ACK (\d+)/.exec(r.stderr)![1]);
			let previous = lines.findIndex((l) => l.includes('write(2, "OPEN\\n"'));
			expect(previous).toBeGreaterThan(0);
			for (let n = first; n < first + 20; n++) {
				const at = ackAt(n);
				expect(at, `ACK ${n} in the trace`).toBeGreaterThan(previous);
				const between = lines.slice(previous + 1, at);
				// At least one successful fsync between the previous acknowledgement and this one.
				expect(
					between.some((l) => /\bf(data)?sync\(\d+\)\s+= 0/.test(l)),
					`fsync before ACK ${n}`
				).toBe(true);
				previous = at;
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	}, 150_000);
});

describe.runIf(process.env.TEST_DATABASE_URL)('acknowledged means on disk (PostgreSQL)', () => {
	it("the app's connections keep the server's synchronous_commit (default on) and never turn it off", async () => {
		const store = await freshStore('postgres');
		try {
			const rows = await store.query<{ name: string; boot_val: string; source: string }>(
				`SELECT name, boot_val, source FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync')`
			);
			expect(rows).toHaveLength(2);
			for (const r of rows) {
				// The test cluster itself runs with both off for speed (command line); the app must not
				// change them per session or per user.
				expect(r.boot_val).toBe('on');
				expect(['session', 'client', 'user', 'database']).not.toContain(r.source);
			}
		} finally {
			await store.close();
		}
	});
});
