import {
	closeSync,
	fsyncSync,
	linkSync,
	openSync,
	readFileSync,
	renameSync,
	rmSync,
	statSync,
	writeSync
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/** Name of the lock file inside a data folder (PostgreSQL ignores unknown files there). */
export const LOCK_FILE = 'kilnboard.lock';

/** What the lock file says about its owner. */
export interface LockOwner {
	pid: number;
	host: string;
	/** Kernel start time of the owner (Linux `/proc/<pid>/stat` field 22) against pid reuse. */
	procStart: string | null;
	command: string;
	since: string;
}

export class DataDirLockedError extends Error {
	constructor(
		readonly dataDir: string,
		readonly owner: LockOwner | null
	) {
		super(
			`The data folder ${dataDir} is in use by another Kilnboard process` +
				(owner
					? ` (pid ${owner.pid} on ${owner.host}, "${owner.command}", since ${owner.since})`
					: '') +
				'. Stop it first, or use the running server instead. Only one process may open a data folder.'
		);
		this.name = 'DataDirLockedError';
	}
}

function procStart(pid: number): string | null {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// Fields after the parenthesised command name; start time is field 22 overall.
		return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
	} catch {
		return null;
	}
}

/** True when the owner recorded in a lock file is still running (same host only). */
export function ownerAlive(owner: LockOwner): boolean {
	if (owner.host !== hostname()) return true; // cannot tell: never steal across machines
	try {
		process.kill(owner.pid, 0);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
	}
	const start = procStart(owner.pid);
	return !(start && owner.procStart && start !== owner.procStart);
}

function readOwner(path: string): LockOwner | null {
	try {
		return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
	} catch {
		return null;
	}
}

/** One process-wide registry: a second open of the same folder in this process is refused too. */
const held = new Map<string, () => void>();

/**
 * Takes the data folder's exclusive lock: an `O_EXCL` lock file holding the owner's pid. A lock
 * left by a dead process (crash, `kill -9`) is taken over; a live owner's lock is never touched.
 * Returns the release function (also run on process exit).
 */
export function lockDataDir(
	dataDir: string,
	command = process.argv.slice(1).join(' ')
): () => void {
	const path = join(dataDir, LOCK_FILE);
	for (let attempt = 0; attempt < 5; attempt++) {
		if (held.has(path)) throw new DataDirLockedError(dataDir, readOwner(path));
		try {
			const fd = openSync(path, 'wx', 0o600);
			const me: LockOwner = {
				pid: process.pid,
				host: hostname(),
				procStart: procStart(process.pid),
				command: command.slice(0, 200),
				since: new Date().toISOString()
			};
			writeSync(fd, JSON.stringify(me));
			fsyncSync(fd);
			closeSync(fd);
			const release = () => {
				if (!held.delete(path)) return;
				process.off('exit', release);
				if (readOwner(path)?.pid === process.pid) rmSync(path, { force: true });
			};
			held.set(path, release);
			process.on('exit', release);
			return release;
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
		}
		const owner = readOwner(path);
		if (owner === null) {
			// Being written right now, or garbage: only garbage older than a few seconds is stale.
			const st = statSync(path, { throwIfNoEntry: false });
			if (st && Date.now() - st.mtimeMs < 5_000) throw new DataDirLockedError(dataDir, null);
		} else if (ownerAlive(owner)) {
			throw new DataDirLockedError(dataDir, owner);
		}
		takeOverStale(path, owner);
	}
	throw new DataDirLockedError(dataDir, readOwner(path));
}

/** Moves a dead owner's lock aside; if someone else's lock slipped in meanwhile, put it back. */
function takeOverStale(path: string, seen: LockOwner | null): void {
	const aside = `${path}.stale-${process.pid}`;
	try {
		renameSync(path, aside);
	} catch {
		return; // another process moved it first: just retry
	}
	const moved = readOwner(aside);
	if (
		moved &&
		seen &&
		(moved.pid !== seen.pid || moved.since !== seen.since) &&
		ownerAlive(moved)
	) {
		// Raced with a fresh owner: restore its lock (it keeps the folder) and refuse on retry.
		try {
			linkSync(aside, path); // atomic, fails if yet another lock exists
		} catch {
			/* the next attempt reads whoever holds it now */
		}
		rmSync(aside, { force: true });
		return;
	}
	rmSync(aside, { force: true });
}
