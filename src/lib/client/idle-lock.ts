import type { Timers } from './http';

export const DEFAULT_IDLE_MS = 120_000;
export const IDLE_WARNING_MS = 15_000;

export interface IdleLockOptions {
	timers: Timers;
	idleMs?: number;
	warnMs?: number;
	onWarn: () => void;
	onLock: () => void;
}

/**
 * Locks a shared kiosk after inactivity so the next person's taps are never credited to the last
 * one. Only the session ends; queued actions are untouched.
 */
export class IdleLock {
	private warnHandle: unknown = null;
	private lockHandle: unknown = null;
	private armed = false;

	constructor(private opts: IdleLockOptions) {}

	get idleMs() {
		return this.opts.idleMs ?? DEFAULT_IDLE_MS;
	}

	/** Starts (or restarts) the countdown; call on unlock and on every user activity. */
	touch(): void {
		this.stop();
		this.armed = true;
		const { timers } = this.opts;
		const warnAt = Math.max(0, this.idleMs - (this.opts.warnMs ?? IDLE_WARNING_MS));
		this.warnHandle = timers.setTimeout(() => this.opts.onWarn(), warnAt);
		this.lockHandle = timers.setTimeout(() => {
			this.armed = false;
			this.opts.onLock();
		}, this.idleMs);
	}

	setIdleMs(ms: number): void {
		this.opts.idleMs = ms;
		if (this.armed) this.touch();
	}

	stop(): void {
		const { timers } = this.opts;
		if (this.warnHandle !== null) timers.clearTimeout(this.warnHandle);
		if (this.lockHandle !== null) timers.clearTimeout(this.lockHandle);
		this.warnHandle = this.lockHandle = null;
		this.armed = false;
	}
}
