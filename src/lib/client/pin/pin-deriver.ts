import type { ScryptFn } from '../../sync/pin';

type ScryptOptions = Parameters<ScryptFn>[2];

/** Starts one derivation; `cancel` ends it (its promise then never settles, nobody waits on it). */
export type StartScrypt = (
	pin: Uint8Array,
	salt: Uint8Array,
	o: ScryptOptions
) => { done: Promise<Uint8Array>; cancel: () => void };

interface Run {
	key: string;
	done: Promise<Uint8Array>;
	cancel: () => void;
	settled: boolean;
	/** An unlock waits on it: it is never cancelled. */
	claimed: boolean;
}

const keyOf = (pin: Uint8Array, salt: Uint8Array, o: ScryptOptions) =>
	`${pin.join(',')}|${salt.join(',')}|${o.N},${o.r},${o.p},${o.dkLen}`;

/**
 * PIN derivation that may start before Unlock is pressed. While staff type, each new PIN
 * `speculate`s: its scrypt starts at once (cancelling an unfinished one for an older PIN), so by
 * the time Unlock is pressed the work is done or under way. `scrypt` (what the unlock itself
 * calls) takes the matching run, or starts one. Nothing is decided here: the verdict, the
 * wrong-PIN count and the lockout stay with the unlock, which runs only on Unlock, so a guess
 * still costs one whole derivation and nothing is shown before the PIN is checked.
 */
export class PinDeriver {
	private run: Run | null = null;

	constructor(private start: StartScrypt) {}

	/** A derivation for a PIN that may be submitted; replaces an unfinished one nobody waits on. */
	speculate: ScryptFn = (pin, salt, o) => this.take(pin, salt, o, false);

	/** The derivation an unlock waits on: the speculated run when it is for the same PIN. */
	scrypt: ScryptFn = (pin, salt, o) => this.take(pin, salt, o, true);

	/** Forgets the last run (after an unlock, on lock): no derived key stays in memory. */
	clear(): void {
		if (this.run && !this.run.settled && !this.run.claimed) this.run.cancel();
		this.run = null;
	}

	private take(pin: Uint8Array, salt: Uint8Array, o: ScryptOptions, claim: boolean) {
		const key = keyOf(pin, salt, o);
		const same = this.run?.key === key ? this.run : null;
		if (same) {
			same.claimed ||= claim;
			return same.done;
		}
		this.clear();
		const started = this.start(pin, salt, o);
		const run: Run = { key, ...started, settled: false, claimed: claim };
		const settle = () => void (run.settled = true);
		started.done.then(settle, settle);
		this.run = run;
		return run.done;
	}
}
