import { heldBehind, type QueuedRef } from '../domain/holds';
import { hasRole } from '../domain/roles';
import type { ArchiveRow, KilnDb, OutboxRow, Resolution } from './db';
import { signRow, takeRevision } from './outbox';

export type ResolveCode = 'not_found' | 'not_failed' | 'permission' | 'choices_needed';
export type ResolveResult =
	| { ok: true; newRevision?: number }
	| { ok: false; code: ResolveCode; message: string; held?: number[] };

/** What staff chose for each action held behind a failure: send it after all, or drop it. */
export type HeldChoice = 'release' | 'discard';
export type HeldChoices = Readonly<Record<number, HeldChoice>>;

/**
 * The actions that wait on failure `rev` alone: they are held behind it now and nothing else
 * would hold them once it is resolved. Resolving `rev` must say what becomes of each.
 */
export function heldBehindFailure<T extends QueuedRef>(rows: readonly T[], rev: number): T[] {
	const before = heldBehind(rows);
	const after = heldBehind(rows.filter((r) => r.queueRevision !== rev));
	return rows
		.filter((r) => before.get(r.queueRevision) === rev && !after.has(r.queueRevision))
		.sort((a, b) => a.queueRevision - b.queueRevision);
}

/** The same choice for every action held behind `rev` (for callers that decided wholesale). */
export function sameChoice(
	rows: readonly QueuedRef[],
	rev: number,
	choice: HeldChoice
): HeldChoices {
	return Object.fromEntries(heldBehindFailure(rows, rev).map((r) => [r.queueRevision, choice]));
}

/**
 * Applies staff's choices to the actions held behind `rev` (before it is resolved): discarded
 * ones go to the archive with `note`; released ones are left for `releaseResolved`. Refuses when
 * any held action has no choice, so nothing is re-queued that staff did not see.
 */
async function settleHeld(
	db: KilnDb,
	rev: number,
	choices: HeldChoices,
	by: string,
	now: string,
	note: string
): Promise<ResolveResult | null> {
	const held = heldBehindFailure(await db.outbox.toArray(), rev);
	const missing = held.filter((r) => !choices[r.queueRevision]).map((r) => r.queueRevision);
	if (missing.length)
		return {
			ok: false,
			code: 'choices_needed',
			message: `Say what becomes of the action${missing.length === 1 ? '' : 's'} held behind it: ${missing.map((n) => `#${n}`).join(', ')}.`,
			held: missing
		};
	for (const row of held)
		if (choices[row.queueRevision] === 'discard')
			await archive(db, row, 'discarded', by, now, note);
	return null;
}

const notFound = {
	ok: false,
	code: 'not_found',
	message: 'That action is no longer in the queue.'
} as const;
const notFailed = {
	ok: false,
	code: 'not_failed',
	message: 'Only failed actions can be resolved.'
} as const;

async function roleOk(db: KilnDb, uid: string, needSupervisor: boolean, row?: OutboxRow) {
	const who = await db.roster.get(uid);
	if (!who?.active) return false;
	if (hasRole(who.role, 'supervisor')) return true;
	return !needSupervisor && row?.actorUid === uid;
}

const denied = (what: string) =>
	({ ok: false, code: 'permission', message: `Only a supervisor ${what}.` }) as const;

/** "Checked and corrected": by the staff member who acted, or a supervisor. Works offline. */
export async function markChecked(
	db: KilnDb,
	rev: number,
	uid: string,
	now: string,
	note?: string
): Promise<ResolveResult> {
	return db.transaction('rw', [db.outbox, db.roster], async () => {
		const row = await db.outbox.get(rev);
		if (!row) return notFound;
		if (row.state !== 'failed') return notFailed;
		if (!(await roleOk(db, uid, false, row)))
			return denied('or the person who made the action can mark it checked');
		await db.outbox.update(rev, { checkedBy: uid, checkedAt: now, checkedNote: note ?? undefined });
		return { ok: true } as const;
	});
}

const TABLES = (db: KilnDb) => [db.outbox, db.archive, db.meta, db.reservations, db.roster];

/**
 * Queues the same intent again as a NEW revision made against the current server copy; the old
 * revision keeps its stored failure in the archive.
 */
export async function retryOnCurrent(
	db: KilnDb,
	rev: number,
	supervisorUid: string,
	now: string,
	choices: HeldChoices = {},
	/** The supervisor's proof key from their unlocked session: the retry is their action. */
	proofKey?: string | null
) {
	return db.transaction('rw', TABLES(db), async (): Promise<ResolveResult> => {
		const row = await db.outbox.get(rev);
		if (!row) return notFound;
		if (row.state !== 'failed') return notFailed;
		if (!(await roleOk(db, supervisorUid, true))) return denied('can retry a failed action');
		const refused = await settleHeld(
			db,
			rev,
			choices,
			supervisorUid,
			now,
			`Held behind failed #${rev}; dropped when it was retried.`
		);
		if (refused) return refused;
		const newRevision = await takeRevision(db);
		const server = row.reservationId ? await db.reservations.get(row.reservationId) : undefined;
		const fresh = requeued(row, newRevision, now, server?.version ?? row.baseVersion);
		// The supervisor reviewed it and takes it on: the original actor may be why it failed.
		fresh.actorUid = supervisorUid;
		if (proofKey) signRow(fresh, proofKey);
		await db.outbox.add(fresh);
		await archive(db, row, 'retried', supervisorUid, now, null, newRevision);
		// Actions held behind it go after the retry, in their order, not ahead of it.
		await releaseResolved(db, now, row.reservationId);
		return { ok: true, newRevision };
	});
}

/**
 * Discards a failure with a note. Actions held behind it are released (or discarded with the same
 * note, as staff chose for each) and released ones are sent as they were queued (same base version): if someone else changed what they depend on, they fail as stale
 * rather than silently overwrite it, and a supervisor can retry them on the current state.
 */
export async function discard(
	db: KilnDb,
	rev: number,
	supervisorUid: string,
	note: string,
	now: string,
	choices: HeldChoices = {}
) {
	return db.transaction('rw', TABLES(db), async (): Promise<ResolveResult> => {
		const row = await db.outbox.get(rev);
		if (!row) return notFound;
		if (row.state !== 'failed') return notFailed;
		if (!(await roleOk(db, supervisorUid, true))) return denied('can discard a failed action');
		const refused = await settleHeld(db, rev, choices, supervisorUid, now, note.trim());
		if (refused) return refused;
		await archive(db, row, 'discarded', supervisorUid, now, note.trim() || null);
		await releaseResolved(db, now);
		return { ok: true };
	});
}

/**
 * Moves to the archive ONLY failed rows whose card was checked (or a supervisor resolved);
 * the rest stay, as the playbook says. A failure with actions held behind it stays too: it is
 * resolved one by one, saying what becomes of each held action.
 */
export async function clearFailed(db: KilnDb, uid: string, now: string) {
	return db.transaction('rw', TABLES(db), async () => {
		const failed = await db.outbox.where('state').equals('failed').toArray();
		let cleared = 0;
		for (const row of failed) {
			if (!row.checkedBy) continue;
			if (heldBehindFailure(await db.outbox.toArray(), row.queueRevision).length) continue;
			await archive(db, row, 'cleared', uid, now, row.checkedNote ?? null);
			cleared++;
		}
		if (cleared) await releaseResolved(db, now);
		return { cleared, kept: failed.length - cleared };
	});
}

/**
 * Held rows whose blocking failure is gone go back to pending. A row the SERVER answered `held`
 * has that answer stored under its revision, so it is re-queued under a new one instead; so are
 * the rows of `requeueCard` (the card just retried), so they follow the retry's new revision.
 * Call inside a rw transaction over outbox, archive and meta.
 */
export async function releaseResolved(
	db: KilnDb,
	now: string,
	requeueCard: string | null = null
): Promise<number> {
	const rows = await db.outbox.where('state').anyOf('failed', 'held').sortBy('queueRevision');
	const behind = heldBehind(rows); // the one hold rule (domain/holds.ts)
	let released = 0;
	for (const row of rows) {
		const key = row.reservationId ?? '';
		if (row.state !== 'held') continue;
		const blocker = behind.get(row.queueRevision);
		if (blocker !== undefined) {
			if (row.heldBy !== blocker) await db.outbox.update(row.queueRevision, { heldBy: blocker });
			continue;
		}
		released++;
		if (row.result?.code !== 'held' && (requeueCard === null || key !== requeueCard)) {
			await db.outbox.update(row.queueRevision, { state: 'pending', heldBy: undefined });
			continue;
		}
		const newRevision = await takeRevision(db);
		await db.outbox.add(requeued(row, newRevision, now, row.baseVersion));
		await archive(db, row, 'requeued', row.actorUid, now, null, newRevision);
	}
	return released;
}

function requeued(
	row: OutboxRow,
	queueRevision: number,
	now: string,
	baseVersion: number
): OutboxRow {
	const fresh: OutboxRow = {
		...row,
		queueRevision,
		baseVersion,
		// A signed row keeps the moment its proof covers (its intent's time); retries re-sign.
		createdAt: row.proof ? row.createdAt : now,
		state: 'pending',
		attempts: 0,
		lastAttemptAt: null,
		replaces: row.queueRevision
	};
	// The proof stays: it covers the intent and base version, which a requeue keeps.
	for (const k of ['result', 'heldBy', 'checkedBy', 'checkedAt', 'checkedNote'] as const)
		delete fresh[k];
	return fresh;
}

async function archive(
	db: KilnDb,
	row: OutboxRow,
	reason: Resolution,
	by: string,
	at: string,
	note: string | null,
	retriedAs?: number
) {
	const entry: ArchiveRow = {
		...row,
		resolution: reason,
		resolvedBy: by,
		resolvedAt: at,
		resolutionNote: note,
		...(retriedAs ? { retriedAs } : {})
	};
	await db.archive.put(entry);
	await db.outbox.delete(row.queueRevision);
}
