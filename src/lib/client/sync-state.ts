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

export type StripState =
	| { kind: 'live'; text: string }
	| { kind: 'syncing'; count: number; text: string }
	| { kind: 'attention'; count: number; text: string }
	| { kind: 'offline'; text: string };

/** How long a lost connection must last before the strip says offline (flapping Wi-Fi stays quiet). */
export const OFFLINE_GRACE_MS = 3000;

/**
 * The slim strip's four states. `offlineFor` is how long the connection has been down (ms);
 * under the grace period the strip keeps saying what it said before: syncing, not offline.
 */
export function stripState(s: SyncState, offlineFor: number): StripState {
	const down = !s.online || !s.serverReachable;
	if (down && offlineFor >= OFFLINE_GRACE_MS)
		return {
			kind: 'offline',
			text: !s.online ? 'Offline — saved on this tablet' : 'Server not answering — saved here'
		};
	const attention = s.failed + s.held;
	if (attention)
		return { kind: 'attention', count: attention, text: `${attention} need attention` };
	const busy = s.pending + s.syncing;
	if (busy) return { kind: 'syncing', count: busy, text: `Syncing (${busy})` };
	return { kind: 'live', text: 'Live' };
}
