import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const port = (srv.address() as { port: number }).port;
			srv.close(() => resolve(port));
		});
	});
}

/** The built app (adapter-node) from the bench's private build copy, on its own port and data. */
export class BenchServer {
	private proc: ChildProcess | null = null;
	private log = '';
	private dataDir: string | null = null;
	url = '';

	/** The server process id (for RSS sampling), or null when not running. */
	get pid(): number | null {
		return this.proc?.pid ?? null;
	}

	constructor(
		private buildDir: string,
		private env: Record<string, string> = {}
	) {}

	async start(): Promise<void> {
		const port = await freePort();
		this.url = `http://127.0.0.1:${port}`;
		this.dataDir = mkdtempSync(join(tmpdir(), 'kilnboard-bench-'));
		this.proc = spawn(process.execPath, [join(this.buildDir, 'index.js')], {
			env: {
				...process.env,
				PORT: String(port),
				HOST: '127.0.0.1',
				DATA_DIR: this.dataDir,
				KILNBOARD_TEST_HOOKS: '1',
				BODY_SIZE_LIMIT: 'Infinity',
				SHUTDOWN_TIMEOUT: '1',
				...this.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.proc.stdout?.on('data', (d) => (this.log = (this.log + d).slice(-20_000)));
		this.proc.stderr?.on('data', (d) => (this.log = (this.log + d).slice(-20_000)));
		const deadline = Date.now() + 90_000;
		while (Date.now() < deadline) {
			if (this.proc.exitCode !== null) throw new Error(`server exited early:\n${this.log}`);
			try {
				if ((await fetch(`${this.url}/healthz`)).ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 150));
		}
		throw new Error(`server did not become healthy:\n${this.log}`);
	}

	async stop(): Promise<void> {
		const p = this.proc;
		this.proc = null;
		if (p && p.exitCode === null) {
			const exited = new Promise((r) => p.once('exit', r));
			p.kill('SIGKILL');
			await exited;
		}
		if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
		this.dataDir = null;
	}
}
