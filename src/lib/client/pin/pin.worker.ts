import { expose } from 'comlink';
import { scrypt } from '@noble/hashes/scrypt.js';

// scrypt off the page's thread: the lock screen and the board keep painting while a PIN is
// derived (≈ 350 ms and 64 MiB by design, docs/SECURITY.md), and a superseded derivation is
// cancelled by ending this worker.
const api = {
	scrypt(pin: Uint8Array, salt: Uint8Array, o: { N: number; r: number; p: number; dkLen: number }) {
		return scrypt(pin, salt, o);
	}
};
export type PinWorkerApi = typeof api;
expose(api);
