import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real built Kilnboard server on its own port and fresh data folder. */
export class TestServer {
	proc: ChildProcess | null = null;
	readonly dataDir: string;
	log = '';
	/**
	 * `dataDir` and `buildDir` let a test restart the same studio on another build (an update);
	 * `env` adds settings of the test's own (e.g. `SMTP_URL` of a mail server it runs).
	 */
	constructor(
		readonly port: number,
		opts: { dataDir?: string; buildDir?: string; env?: Record<string, string> } = {}
	) {
		this.dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'kilnboard-e2e-'));
		this.buildDir = opts.buildDir ?? process.env.KILNBOARD_BUILD_DIR ?? 'build';
		this.env = opts.env ?? {};
	}
	private readonly env: Record<string, string>;
	readonly buildDir: string;
	get url() {
		return `http://127.0.0.1:${this.port}`;
	}
	async start(): Promise<void> {
		this.proc = spawn(process.execPath, [`${this.buildDir}/index.js`], {
			env: {
				...process.env,
				PORT: String(this.port),
				HOST: '127.0.0.1',
				// adapter-node assumes https without it, and SvelteKit's CSRF check then refuses the
				// customer form's posts (their Origin is this plain-http address).
				ORIGIN: this.url,
				DATA_DIR: this.dataDir,
				KILNBOARD_TEST_HOOKS: '1',
				BODY_SIZE_LIMIT: 'Infinity',
				SHUTDOWN_TIMEOUT: '1',
				...this.env
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.proc.stdout?.on('data', (d) => (this.log += d));
		this.proc.stderr?.on('data', (d) => (this.log += d));
		const deadline = Date.now() + 60_000;
		while (Date.now() < deadline) {
			if (this.proc.exitCode !== null) throw new Error(`server exited early:\n${this.log}`);
			try {
				const res = await fetch(`${this.url}/healthz`);
				if (res.ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((r) => setTimeout(r, 150));
		}
		throw new Error(`server did not become healthy:\n${this.log}`);
	}
	async stop(): Promise<void> {
		const p = this.proc;
		if (!p || p.exitCode !== null) return;
		const exited = new Promise((r) => p.once('exit', r));
		p.kill('SIGKILL');
		await exited;
		this.proc = null;
	}
	async dispose(): Promise<void> {
		await this.stop();
		rmSync(this.dataDir, { recursive: true, force: true });
	}
}

let nextPort = 4300 + Math.floor(Math.random() * 500);
export const freePort = () => nextPort++;
