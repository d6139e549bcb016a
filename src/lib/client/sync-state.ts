import { heldBehind } from '../domain/holds';
import type { Meta, OutboxRow } from './db';

/** The one value every sync indicator derives from (panel, badge, banner, disabled buttons). */
export interface SyncState {
	online: boolean;
	serverReachable: boolean;
	phase: 'idle' | 'pushing' | 'pulling';
	status: 'synced' | 'pending' | 'failed';
	pending: number;
	syncing: number;
	held: number;
	failed: number;
	/** Rows not yet synced: pending + syncing + held + failed. */
	queueLength: number;
	lastSyncAt: string | null;
	oldestPendingAt: string | null;
	lastError: { code: string; message: string; at: string } | null;
	needsSignIn: boolean;
	deviceRevoked: boolean;
}

export interface Connectivity {
	/** navigator.onLine: false means the device itself has no network. */
	online: boolean;
	phase: SyncState['phase'];
}

export function deriveSyncState(
	rows: readonly OutboxRow[],
	meta: Meta,
	c: Connectivity
): SyncState {
	let pending = 0;
	let syncing = 0;
	let held = 0;
	let failed = 0;
	let oldestPendingAt: string | null = null;
	// Held means waiting on a failure (the domain's rule), whatever the row's stored state says.
	const behind = heldBehind(rows);
	for (const row of rows) {
		if (row.state !== 'failed' && behind.has(row.queueRevision)) held++;
		else if (row.state === 'pending' || row.state === 'held') pending++;
		else if (row.state === 'syncing') syncing++;
		else if (row.state === 'failed') failed++;
		else continue;
		if (row.state !== 'failed' && (!oldestPendingAt || row.createdAt < oldestPendingAt))
			oldestPendingAt = row.createdAt;
	}
	return {
		online: c.online,
		// With no device network we cannot know; say unreachable only when online and failing.
		serverReachable: c.online && meta.serverReachable !== false,
		phase: c.phase,
		status: failed ? 'failed' : pending + syncing + held ? 'pending' : 'synced',
		pending,
		syncing,
		held,
		failed,
		queueLength: pending + syncing + held + failed,
		lastSyncAt: meta.lastSyncAt ?? null,
		oldestPendingAt,
		lastError: meta.lastError ?? null,
		needsSignIn: meta.needsSignIn ?? false,
		deviceRevoked: meta.deviceRevoked ?? false
	};
}

/** Why "Sync now" is disabled, or null when it may be pressed. */
export function syncNowBlocker(s: SyncState): string | null {
	if (!s.online) return 'This tablet is offline.';
	if (s.deviceRevoked) return 'This kiosk’s enrolment was revoked.';
	if (s.pending + s.syncing === 0) return 'Nothing is waiting to be sent.';
	return null;
}
