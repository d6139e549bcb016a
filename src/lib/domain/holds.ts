/**
 * Which of a device's queued actions wait behind a failure. One rule for the kiosk's batch
 * planner, its result recorder, the optimistic view and the server's in-batch holds: a failed
 * action blocks every LATER unsent action of the same device on the same reservation until
 * staff resolve it, so actions are never applied out of their intended order.
 */
export interface QueuedRef {
	queueRevision: number;
	reservationId: string | null;
	state: string;
}

const UNSENT = new Set(['pending', 'syncing', 'held']);

/** For each unsent row (pending | syncing | held) that waits on an earlier unresolved FAILED
 *  row of this device on the same reservation: queueRevision → the blocking failed revision
 *  (the earliest failure on that card). */
export function heldBehind(rows: readonly QueuedRef[]): Map<number, number> {
	const sorted = [...rows].sort((a, b) => a.queueRevision - b.queueRevision);
	const firstFailed = new Map<string, number>();
	const out = new Map<number, number>();
	for (const r of sorted) {
		if (!r.reservationId) continue; // station actions are never held
		if (r.state === 'failed') {
			if (!firstFailed.has(r.reservationId)) firstFailed.set(r.reservationId, r.queueRevision);
			continue;
		}
		const blocker = firstFailed.get(r.reservationId);
		if (blocker !== undefined && UNSENT.has(r.state)) out.set(r.queueRevision, blocker);
	}
	return out;
}

/**
 * The server's in-batch form of the same rule: `decided` are this batch's earlier answers
 * (a rejected one counts as failed), `next` the action about to be applied. Returns the
 * revision it is held behind, or null.
 */
export function heldInBatch(
	decided: readonly { queueRevision: number; reservationId: string | null; rejected: boolean }[],
	next: { queueRevision: number; reservationId: string | null }
): number | null {
	const rows: QueuedRef[] = decided.map((d) => ({
		queueRevision: d.queueRevision,
		reservationId: d.reservationId,
		state: d.rejected ? 'failed' : 'synced'
	}));
	rows.push({ ...next, state: 'pending' });
	return heldBehind(rows).get(next.queueRevision) ?? null;
}
