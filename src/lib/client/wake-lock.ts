/** The part of the Screen Wake Lock API used here (absent in some browsers). */
interface Sentinel {
	released: boolean;
	release(): Promise<void>;
	addEventListener(type: 'release', fn: () => void): void;
}
export interface WakeLockHost {
	wakeLock?: { request(type: 'screen'): Promise<Sentinel> };
}
export interface VisibilityHost {
	visibilityState: DocumentVisibilityState;
	addEventListener(type: 'visibilitychange', fn: () => void): void;
	removeEventListener(type: 'visibilitychange', fn: () => void): void;
}

export type WakeState = 'unsupported' | 'held' | 'released' | 'refused';

/**
 * Keeps the screen on while the board is shown. The browser drops the lock whenever the page is
 * hidden, so it is asked for again each time the page becomes visible. Where the API is missing
 * or refused (battery saver, no permission) the board simply works without it.
 */
export function keepScreenOn(
	nav: WakeLockHost,
	doc: VisibilityHost,
	onState: (s: WakeState) => void = () => undefined
): () => void {
	if (!nav.wakeLock) {
		onState('unsupported');
		return () => undefined;
	}
	const api = nav.wakeLock;
	let sentinel: Sentinel | null = null;
	let stopped = false;
	const acquire = async () => {
		if (stopped || doc.visibilityState !== 'visible' || (sentinel && !sentinel.released)) return;
		try {
			const s = await api.request('screen');
			if (stopped) return void s.release().catch(() => undefined);
			sentinel = s;
			onState('held');
			s.addEventListener('release', () => {
				if (!stopped) onState('released');
			});
		} catch {
			onState('refused');
		}
	};
	const onVisible = () => void acquire();
	doc.addEventListener('visibilitychange', onVisible);
	void acquire();
	return () => {
		stopped = true;
		doc.removeEventListener('visibilitychange', onVisible);
		void sentinel?.release().catch(() => undefined);
		sentinel = null;
	};
}
