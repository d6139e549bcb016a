import { Action, isRecordAction } from '../domain/actions';
import { signAction, type ProofFields } from '../sync/pin';
import type { KilnDb, OutboxRow } from './db';

export type { OutboxRow } from './db';

export interface EnqueueInput {
	actorUid: string;
	reservationId: string | null;
	action: Action;
	/** ISO instant; passed in so the module stays clock-free. */
	now: string;
	/**
	 * The unlocked actor's proof key (memory only): supervisor and admin actions are signed with
	 * it so the server knows the PIN holder made them, even when the kiosk was offline.
	 */
	proofKey?: string | null;
	/** Hold the row back until this instant (an undo window); absent = send at once. */
	sendAfter?: string;
}

export type EnqueueResult =
	| { ok: true; row: OutboxRow }
	| { ok: false; code: 'not_enrolled' | 'no_reservation' | 'invalid'; message: string };

/**
 * Appends one intent to the outbox in ONE transaction with the revision counter, so a crash
 * can never leave a row without its revision or a revision handed out twice.
 */
export async function enqueue(db: KilnDb, input: EnqueueInput): Promise<EnqueueResult> {
	// The kiosk is a boundary too: a malformed intent never enters the queue.
	const parsed = Action.safeParse(input.action);
	if (!parsed.success) {
		const first = parsed.error.issues[0];
		return { ok: false, code: 'invalid', message: first?.message ?? 'The action is not valid.' };
	}
	const action = parsed.data;
	if (!isRecordAction(action) && !input.reservationId)
		return { ok: false, code: 'no_reservation', message: 'This action needs a reservation.' };
	return db.transaction('rw', [db.outbox, db.archive, db.meta, db.reservations], async () => {
		// The reads go out together (one round trip, not three in a row): a tap waits on them.
		const [device, server] = await Promise.all([
			db.meta.get('deviceId'),
			input.reservationId ? db.reservations.get(input.reservationId) : undefined
		]);
		const deviceId = device?.value as string | undefined;
		if (!deviceId)
			return {
				ok: false as const,
				code: 'not_enrolled' as const,
				message: 'This tablet is not enrolled as a kiosk yet.'
			};
		const queueRevision = await takeRevision(db);
		const row = {
			...action,
			queueRevision,
			deviceId,
			actorUid: input.actorUid,
			reservationId: input.reservationId,
			baseVersion: action.type === 'reservation.intake' ? 0 : (server?.version ?? 0),
			createdAt: input.now,
			state: 'pending',
			attempts: 0,
			lastAttemptAt: null,
			...(input.sendAfter ? { sendAfter: input.sendAfter } : {})
		} as OutboxRow;
		if (input.proofKey) signRow(row, input.proofKey);
		await db.outbox.add(row);
		return { ok: true as const, row };
	});
}

/** Signs a row in place with the actor's proof key (any earlier proof is replaced). */
export function signRow(row: OutboxRow, proofKey: string): OutboxRow {
	row.proof = signAction(proofKey, row.deviceId, row as unknown as ProofFields);
	return row;
}

/** Per database object: the `nextRevision` this context wrote last (see `takeRevision`). */
const written = new WeakMap<KilnDb, number>();

/**
 * Hands out the next revision. Call inside a rw transaction over outbox, archive and meta.
 * Also guards against a lost counter: never below anything already queued or archived.
 *
 * The stored counter is the durable high-water mark, read on every call. When it still holds
 * what this context wrote last, nobody else took a revision since (another tab, the service
 * worker, a restore all move or clear it), so the scans of the outbox and archive for a higher
 * revision are skipped: one read instead of three on every tap.
 */
export async function takeRevision(db: KilnDb): Promise<number> {
	const stored = Number((await db.meta.get('nextRevision'))?.value ?? 1);
	let rev = stored;
	if (written.get(db) !== stored) {
		const [queued, archived] = await Promise.all([
			db.outbox.orderBy('queueRevision').last(),
			db.archive.orderBy('queueRevision').last()
		]);
		rev = Math.max(stored, (queued?.queueRevision ?? 0) + 1, (archived?.queueRevision ?? 0) + 1);
	}
	await db.meta.put({ key: 'nextRevision', value: rev + 1 });
	// Safe before the commit: an aborted transaction leaves the stored mark below this one,
	// and a mismatch only means the scans run again.
	written.set(db, rev + 1);
	return rev;
}

export type UndoResult =
	{ ok: true } | { ok: false; code: 'sent' | 'later_actions' | 'gone'; message: string };

/**
 * Takes a not-yet-sent action back out of the queue, in one transaction so a drain cannot
 * claim it halfway. Refused once it is being sent or was sent, and when a later unsent action
 * on the same card was queued on top of it (that one was judged with this one applied).
 */
export async function withdraw(db: KilnDb, queueRevision: number): Promise<UndoResult> {
	return db.transaction('rw', [db.outbox], async () => {
		const row = await db.outbox.get(queueRevision);
		if (!row)
			return {
				ok: false as const,
				code: 'gone' as const,
				message: 'This action is no longer queued.'
			};
		if (row.state !== 'pending')
			return {
				ok: false as const,
				code: 'sent' as const,
				message:
					row.state === 'failed'
						? 'The server refused this action; review it under Sync & failures.'
						: 'Already sent to the studio server, so it cannot be taken back here.'
			};
		const later = await db.outbox
			.where('queueRevision')
			.above(queueRevision)
			.filter((r) => r.reservationId === row.reservationId && r.state !== 'synced')
			.count();
		if (later)
			return {
				ok: false as const,
				code: 'later_actions' as const,
				message: 'A later action on this card depends on it; undo that one first.'
			};
		await db.outbox.delete(queueRevision);
		return { ok: true as const };
	});
}

/**
 * Ends undo windows early: unsent rows held back (`sendAfter` later than `now`) may go at once.
 * `only` limits it to one row ("Send now"); without it every hold ends (the page is going away,
 * so no one is left to press Undo). Returns how many rows were released.
 */
export async function releaseHolds(db: KilnDb, now: string, only?: number): Promise<number> {
	return db.transaction('rw', [db.outbox], async () => {
		const rows =
			only === undefined
				? await db.outbox.where('state').equals('pending').toArray()
				: [await db.outbox.get(only)].filter((r) => r?.state === 'pending');
		let released = 0;
		for (const row of rows)
			if (row?.sendAfter && row.sendAfter > now) {
				await db.outbox.update(row.queueRevision, { sendAfter: now });
				released++;
			}
		return released;
	});
}
