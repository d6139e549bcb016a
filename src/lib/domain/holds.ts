/** Stand-in with the agreed API (briefs/shared-apis.md item 1); the rules helper owns this file. */
export interface QueuedRef {
	queueRevision: number;
	reservationId: string | null;
	state: string;
}

const UNSENT = new Set(['pending', 'syncing', 'held']);

/**
 * For each unsent row (pending | syncing | held) that waits on an earlier unresolved FAILED row
 * of this device on the same reservation: queueRevision → the blocking failed revision.
 */
export function heldBehind(rows: readonly QueuedRef[]): Map<number, number> {
	const firstFailed = new Map<string, number>();
	const out = new Map<number, number>();
	for (const row of [...rows].sort((a, b) => a.queueRevision - b.queueRevision)) {
		const key = row.reservationId;
		if (key == null) continue;
		if (row.state === 'failed') {
			if (!firstFailed.has(key)) firstFailed.set(key, row.queueRevision);
			continue;
		}
		const by = firstFailed.get(key);
		if (by !== undefined && UNSENT.has(row.state)) out.set(row.queueRevision, by);
	}
	return out;
}
