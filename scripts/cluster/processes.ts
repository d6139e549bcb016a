import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { freePort } from '../bench/server';

const root = resolve(import.meta.dirname, '../..');

/** Every process the harness started and that is still running (killed on a hard timeout). */
export const children = new Set<ChildProcess>();

function track(p: ChildProcess): ChildProcess {
	children.add(p);
	p.once('exit', () => children.delete(p));
	return p;
}

/** One built Kilnboard server (`build/index.js`) on a loopback port, on PostgreSQL. */
export class AppServer {
	proc: ChildProcess | null = null;
	log = '';
	exitCode: number | null = null;
	exitSignal: string | null = null;

	constructor(
		readonly index: number,
		readonly port: number,
		private readonly env: Record<string, string>
	) {}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get running(): boolean {
		return this.proc !== null && this.proc.exitCode === null && this.proc.signalCode === null;
	}

	/** Spawns the server; resolves when `/healthz` says ready (migrated, database answering). */
	async start(timeoutMs = 60_000): Promise<void> {
		const entry = join(root, 'build', 'index.js');
		if (!existsSync(entry)) throw new Error('no build/index.js: run `npm run build` first');
		this.exitCode = this.exitSignal = null;
		const p = track(
			spawn(process.execPath, [entry], {
				env: {
					...process.env,
					PORT: String(this.port),
					HOST: '127.0.0.1',
					...this.env
				},
				stdio: ['ignore', 'pipe', 'pipe']
			})
		);
		this.proc = p;
		const keep = (d: Buffer) => (this.log = (this.log + d).slice(-200_000));
		p.stdout?.on('data', keep);
		p.stderr?.on('data', keep);
		p.once('exit', (code, signal) => {
			this.exitCode = code;
			this.exitSignal = signal;
		});
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (p.exitCode !== null) throw new Error(`server ${this.index} exited early:\n${this.log}`);
			try {
				if ((await fetch(`${this.url}/healthz`)).ok) return;
			} catch {
				// not listening yet
			}
			await sleep(100);
		}
		throw new Error(`server ${this.index} did not become ready:\n${this.log.slice(-4000)}`);
	}

	/** Sends `signal`; resolves with the exit (code, signal) once the process is gone. */
	async stop(
		signal: NodeJS.Signals,
		timeoutMs = 60_000
	): Promise<{ code: number | null; signal: string | null; ms: number }> {
		const p = this.proc;
		const t0 = Date.now();
		if (!p || p.exitCode !== null || p.signalCode !== null)
			return { code: this.exitCode, signal: this.exitSignal, ms: 0 };
		const exited = new Promise<void>((r) => p.once('exit', () => r()));
		p.kill(signal);
		const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
		await exited;
		clearTimeout(timer);
		this.proc = null;
		return { code: p.exitCode, signal: p.signalCode, ms: Date.now() - t0 };
	}

	/** How many log lines contain `msg` (the servers log JSON lines). */
	count(msg: string): number {
		return this.log.split('\n').filter((l) => l.includes(`"msg":"${msg}"`)).length;
	}
}

/** nginx as an unprivileged process with a generated config from the shipped template. */
export class Nginx {
	private proc: ChildProcess | null = null;
	log = '';
	port = 0;

	constructor(
		private readonly dir: string,
		private readonly binary = process.env.NGINX ?? '/usr/sbin/nginx'
	) {}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	async start(upstreamPorts: readonly number[]): Promise<void> {
		if (!existsSync(this.binary)) throw new Error(`nginx not found at ${this.binary}`);
		this.port = await freePort();
		for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'])
			mkdirSync(join(this.dir, sub), { recursive: true });
		const template = readFileSync(join(import.meta.dirname, 'nginx.conf.template'), 'utf8');
		const conf = template
			.replaceAll('{{PREFIX}}', this.dir)
			.replaceAll('{{LISTEN}}', `127.0.0.1:${this.port}`)
			.replaceAll(
				'{{UPSTREAMS}}',
				upstreamPorts
					.map((p) => `\t\tserver 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`)
					.join('\n')
			);
		const confPath = join(this.dir, 'nginx.conf');
		writeFileSync(confPath, conf);
		// Root (CI containers) drops to `nobody`; everything nginx touches is in its own folder.
		const asRoot = process.getuid?.() === 0;
		const ids = asRoot ? unprivileged() : null;
		if (ids) {
			chownTree(this.dir, ids.uid, ids.gid);
			// mkdtemp folders are 0700: let `nobody` pass through the harness's own temp folder.
			chmodSync(dirname(this.dir), 0o711);
		}
		const args = ['-p', this.dir, '-e', join(this.dir, 'error.log'), '-c', confPath];
		execFileSync(this.binary, [...args, '-t'], { stdio: 'pipe', ...(ids ?? {}) });
		const p = track(
			spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(ids ?? {}) })
		);
		this.proc = p;
		p.stderr?.on('data', (d) => (this.log += d));
		const deadline = Date.now() + 10_000;
		while (Date.now() < deadline) {
			if (p.exitCode !== null) throw new Error(`nginx exited: ${this.log}`);
			try {
				await fetch(`${this.url}/healthz?live`);
				return;
			} catch {
				await sleep(50);
			}
		}
		throw new Error(`nginx did not start: ${this.log}`);
	}

	errorLog(): string {
		try {
			return readFileSync(join(this.dir, 'error.log'), 'utf8');
		} catch {
			return '';
		}
	}

	async stop(): Promise<void> {
		const p = this.proc;
		this.proc = null;
		if (!p || p.exitCode !== null) return;
		const exited = new Promise((r) => p.once('exit', r));
		p.kill('SIGQUIT');
		const t = setTimeout(() => p.kill('SIGKILL'), 3000);
		await exited;
		clearTimeout(t);
	}
}

function unprivileged(): { uid: number; gid: number } {
	const id = (flag: string) => Number(execFileSync('id', [flag, 'nobody']).toString().trim());
	return { uid: id('-u'), gid: id('-g') };
}

function chownTree(dir: string, uid: number, gid: number): void {
	execFileSync('chown', ['-R', `${uid}:${gid}`, dir]);
	chownSync(dir, uid, gid);
}

/** A local webhook receiver counting deliveries per notification (`idempotency-key`). */
export class WebhookReceiver {
	readonly deliveries = new Map<string, number>();
	private server: Server | null = null;
	port = 0;

	get url(): string {
		return `http://127.0.0.1:${this.port}/notify`;
	}

	async start(): Promise<void> {
		this.server = createHttpServer((req, res) => {
			let body = '';
			req.on('data', (d) => (body += d));
			req.on('end', () => {
				const key = String(req.headers['idempotency-key'] ?? '');
				this.deliveries.set(key, (this.deliveries.get(key) ?? 0) + 1);
				// A little latency, so runs on different servers would overlap if they could.
				setTimeout(() => res.writeHead(200).end('ok'), 5);
			});
		});
		await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
		this.port = (this.server.address() as { port: number }).port;
	}

	async stop(): Promise<void> {
		this.server?.closeAllConnections();
		await new Promise((r) => this.server?.close(r));
	}
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
