import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Vitest globalSetup: store and endpoint tests also run on a real PostgreSQL. Uses
 * TEST_DATABASE_URL when set; otherwise starts a throwaway cluster from the local binaries and
 * stops it afterwards. With CI=true a missing PostgreSQL fails the run instead of skipping.
 */
function findBinDir(): string | null {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return null;
	const versions = readdirSync(root)
		.filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : null;
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = createServer();
		srv.once('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const port = (srv.address() as { port: number }).port;
			srv.close(() => resolve(port));
		});
	});
}

export async function startThrowawayPostgres(): Promise<{ url: string; stop: () => void }> {
	const bin = findBinDir();
	if (!bin) throw new Error('no PostgreSQL binaries under /usr/lib/postgresql/*/bin');
	const dir = mkdtempSync(join(tmpdir(), 'kilnboard-pg-'));
	const asRoot = process.getuid?.() === 0;
	if (asRoot) {
		const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
		const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
		chownSync(dir, uid, gid);
		chmodSync(dir, 0o700);
	}
	const run = (cmd: string, args: string[]) =>
		execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, {
			stdio: 'pipe'
		});
	const data = join(dir, 'data');
	const port = await freePort();
	run(join(bin, 'initdb'), [
		'-D',
		data,
		'-A',
		'trust',
		'-U',
		'postgres',
		'-E',
		'UTF8',
		'--no-sync'
	]);
	const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
	run(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', 'start']);
	const stop = () => {
		try {
			run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	};
	try {
		const admin = new pg.Client({
			connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`
		});
		await admin.connect();
		await admin.query('CREATE DATABASE kilnboard_test');
		await admin.end();
	} catch (err) {
		stop();
		throw err;
	}
	return { url: `postgres://postgres@127.0.0.1:${port}/kilnboard_test`, stop };
}

export default async function setup(): Promise<(() => void) | undefined> {
	if (process.env.TEST_DATABASE_URL) return undefined;
	try {
		const pgServer = await startThrowawayPostgres();
		// Workers start after this and inherit the environment.
		process.env.TEST_DATABASE_URL = pgServer.url;
		return () => pgServer.stop();
	} catch (err) {
		if (process.env.CI === 'true') {
			throw new Error(`CI needs PostgreSQL for the store tests: ${String(err)}`, { cause: err });
		}
		console.warn(
			`[kilnboard] PostgreSQL unavailable, store tests run on PGlite only: ${String(err)}`
		);
		return undefined;
	}
}
