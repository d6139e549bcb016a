import { heldBehind } from '../domain/holds';
import type { OutboxRow } from './db';

export interface BatchPlan {
	send: OutboxRow[];
	/** Rows that must wait on an earlier failure of this device on the same card. */
	hold: { queueRevision: number; heldBy: number }[];
	/** Held rows whose failure was resolved: back to pending (and sent now if in `send`). */
	release: number[];
}

/**
 * Decides what goes out next. Pure. A failed action blocks this device's later actions on the
 * same reservation until it is resolved, so they are never applied out of their intended order;
 * other cards keep syncing (no poison message stalls the queue).
 */
export function planBatch(
	rows: readonly OutboxRow[],
	max: number,
	/** Revisions already sent in this drain; they and later rows on their card wait. */
	skip: ReadonlySet<number> = new Set(),
	/** ISO now: a row whose `sendAfter` (undo window) is later waits, and so does its card. */
	now: string | null = null
): BatchPlan {
	const plan: BatchPlan = { send: [], hold: [], release: [] };
	const held = heldBehind(rows);
	const deferred = new Set<string>();
	const sorted = [...rows].sort((a, b) => a.queueRevision - b.queueRevision);
	for (const row of sorted) {
		const key = row.reservationId;
		if (row.state !== 'pending' && row.state !== 'held') continue;
		const by = held.get(row.queueRevision);
		if (by !== undefined) {
			if (row.state !== 'held' || row.heldBy !== by)
				plan.hold.push({ queueRevision: row.queueRevision, heldBy: by });
			continue;
		}
		if (row.state === 'held') plan.release.push(row.queueRevision);
		const waiting = now !== null && !!row.sendAfter && row.sendAfter > now;
		if (skip.has(row.queueRevision) || waiting || (key && deferred.has(key))) {
			if (key) deferred.add(key); // keep per-card order: nothing overtakes a deferred row
			continue;
		}
		if (plan.send.length < max) plan.send.push(row);
	}
	return plan;
}
