import { describe, expect, it } from 'vitest';
import { OFFLINE_GRACE_MS, deriveSyncState, stripState } from './sync-state';

const state = (over: Partial<ReturnType<typeof deriveSyncState>> = {}) => ({
	...deriveSyncState([], {}, { online: true, phase: 'idle' }),
	...over
});

describe('sync strip', () => {
	it('says live, syncing (n) and n need attention', () => {
		expect(stripState(state(), 0)).toEqual({ kind: 'live', text: 'Live' });
		expect(stripState(state({ pending: 2, syncing: 1 }), 0).text).toBe('Syncing (3)');
		expect(stripState(state({ pending: 2, failed: 1, held: 1 }), 0).text).toBe('2 need attention');
	});

	it('waits out the grace period before saying offline', () => {
		const down = state({ online: false, serverReachable: false, pending: 1 });
		expect(stripState(down, OFFLINE_GRACE_MS - 1).kind).toBe('syncing');
		expect(stripState(down, OFFLINE_GRACE_MS).kind).toBe('offline');
		const serverDown = state({ serverReachable: false });
		expect(stripState(serverDown, 5000).text).toMatch(/Server not answering/);
	});
});
