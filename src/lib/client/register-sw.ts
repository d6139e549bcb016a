import type { Workbox } from 'workbox-window';

export const UPDATE_CHECK_MS = 30 * 60_000;

export interface SwHandle {
	/** Activates the waiting worker and reloads once it controls the page. */
	applyUpdate(): void;
	check(): Promise<void>;
	state(): string;
	stop(): void;
}

export interface RegisterOptions {
	dev: boolean;
	onUpdateWaiting: () => void;
	onStateChange?: (state: string) => void;
	log?: (msg: string) => void;
}

/**
 * Registers the worker with workbox-window (module type in dev, classic when built) and checks
 * for new versions periodically, because a kiosk may never reload on its own.
 */
export function registerServiceWorker(opts: RegisterOptions): SwHandle | null {
	if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
	let state = 'registering';
	const set = (s: string) => {
		state = s;
		opts.onStateChange?.(s);
	};
	// workbox-window is loaded here, after the board's first paint, not with the board's chunk.
	const ready: Promise<Workbox> = import('workbox-window').then(({ Workbox }) => {
		const wb = new Workbox('/service-worker.js', {
			scope: '/',
			type: opts.dev ? 'module' : 'classic'
		});
		wb.addEventListener('waiting', () => {
			set('update-waiting');
			opts.onUpdateWaiting();
		});
		wb.addEventListener('activated', () => set('activated'));
		wb.addEventListener('controlling', () => set('controlling'));
		return wb;
	});
	ready
		.then((wb) => wb.register())
		.then((reg) => set(reg?.active ? 'active' : 'installing'))
		.catch((err) => {
			set('failed');
			opts.log?.(`service worker registration failed: ${String(err)}`);
		});
	const timer = setInterval(
		() => void ready.then((wb) => wb.update()).catch(() => undefined),
		UPDATE_CHECK_MS
	);
	return {
		applyUpdate() {
			void ready.then((wb) => {
				wb.addEventListener('controlling', () => window.location.reload());
				wb.messageSkipWaiting();
			});
		},
		check: () => ready.then((wb) => wb.update()),
		state: () => state,
		stop: () => clearInterval(timer)
	};
}

/** Asks the browser to wake the worker for a drain when the network returns (Chromium only). */
export async function requestBackgroundSync(tag = 'kilnboard-drain'): Promise<boolean> {
	try {
		const reg = await navigator.serviceWorker?.getRegistration();
		const sync = (
			reg as
				(ServiceWorkerRegistration & { sync?: { register(t: string): Promise<void> } }) | undefined
		)?.sync;
		if (!sync) return false;
		await sync.register(tag);
		return true;
	} catch {
		return false; // no permission, or no worker yet: the page's own triggers still drain
	}
}

export interface UpdateMoment {
	/** A form on screen differs from how it opened (someone is typing). */
	typing: boolean;
	/** Outbox rows still inside their undo window (not sent yet, undo still possible). */
	undoOpen: number;
	/** A control is queueing its action right now. */
	acting: boolean;
	/** The drainer has a request on the wire. */
	sending: boolean;
}

/**
 * Why now is not a safe moment to reload into a new version, or null when it is. A reload in an
 * undo window would not lose the action (it is in the outbox) but would take the Undo button
 * away from the person who just tapped; mid-typing it would lose the text.
 */
export function updateBlocker(m: UpdateMoment): string | null {
	if (m.typing) return 'Waiting for the open form to be saved or cleared.';
	if (m.undoOpen > 0)
		return `Waiting for ${m.undoOpen} undo window${m.undoOpen === 1 ? '' : 's'} to close.`;
	if (m.acting) return 'Waiting for the action being saved.';
	if (m.sending) return 'Waiting for the sync in progress to finish.';
	return null;
}

/** Rows whose undo window is still open at `nowMs`. */
export function openUndoWindows(
	rows: readonly { state: string; sendAfter?: string }[],
	nowMs: number
): number {
	return rows.filter((r) => r.state === 'pending' && r.sendAfter && Date.parse(r.sendAfter) > nowMs)
		.length;
}
