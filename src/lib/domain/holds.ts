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

/**
 * The rule as a running per-card map, fed in ascending queueRevision order: the first FAILED
 * revision per reservation blocks every later action on it. O(1) per row, so a batch of n
 * actions costs n steps, not n² (the server's in-batch holds and `heldBehind` both use it).
 */
export class HoldTracker {
	private readonly firstFailed = new Map<string, number>();

	/** The failed revision `next` waits behind, or null (station actions are never held). */
	blocker(next: { reservationId: string | null }): number | null {
		if (!next.reservationId) return null;
		return this.firstFailed.get(next.reservationId) ?? null;
	}

	/** Records a decided row; only a failure on a card blocks, and only its earliest counts. */
	record(row: { queueRevision: number; reservationId: string | null; failed: boolean }): void {
		if (!row.reservationId || !row.failed || this.firstFailed.has(row.reservationId)) return;
		this.firstFailed.set(row.reservationId, row.queueRevision);
	}
}

/** For each unsent row (pending | syncing | held) that waits on an earlier unresolved FAILED
 *  row of this device on the same reservation: queueRevision → the blocking failed revision
 *  (the earliest failure on that card). */
export function heldBehind(rows: readonly QueuedRef[]): Map<number, number> {
	const sorted = [...rows].sort((a, b) => a.queueRevision - b.queueRevision);
	const holds = new HoldTracker();
	const out = new Map<number, number>();
	for (const r of sorted) {
		if (r.state === 'failed') {
			holds.record({ ...r, failed: true });
			continue;
		}
		const blocker = holds.blocker(r);
		if (blocker !== null && UNSENT.has(r.state)) out.set(r.queueRevision, blocker);
	}
	return out;
}
