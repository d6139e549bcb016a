import { wrap } from 'comlink';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import type { PinWorkerApi } from './pin.worker';
import type { StartScrypt } from './pin-deriver';

/**
 * One worker per derivation, ended when it is done or superseded. Where workers are missing the
 * derivation runs on the page, in slices, as before (slower for the UI, same result).
 */
export const startScrypt: StartScrypt = (pin, salt, o) => {
	if (typeof Worker === 'undefined')
		return { done: scryptAsync(pin, salt, { ...o, asyncTick: 50 }), cancel: () => undefined };
	const worker = new Worker(new URL('./pin.worker.ts', import.meta.url), { type: 'module' });
	const remote = wrap<PinWorkerApi>(worker);
	// A worker that fails to load or dies never answers comlink: then derive on the page, so an
	// unlock never waits forever.
	const failed = new Promise<never>((_, reject) => {
		worker.onerror = () => reject(new Error('PIN worker failed'));
	});
	const done = Promise.race([remote.scrypt(pin, salt, o) as Promise<Uint8Array>, failed]).catch(
		() => scryptAsync(pin, salt, { ...o, asyncTick: 50 })
	);
	const end = () => worker.terminate();
	done.then(end, end);
	return { done, cancel: end };
};
