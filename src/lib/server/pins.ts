import { scrypt as scryptCb } from 'node:crypto';
import type { Role } from '../domain/reservation';
import {
	derivePinKeys,
	newSalt,
	PIN_KDF,
	pinAllowed,
	verifyPin,
	type PinKeys,
	type ScryptFn
} from '../sync/pin';
import type { Queryable } from './store/types';

/** Node's native scrypt (runs on the libuv pool, so a check never blocks the event loop). */
export const nativeScrypt: ScryptFn = (pin, salt, o) =>
	new Promise((resolve, reject) =>
		scryptCb(
			pin,
			salt,
			o.dkLen,
			{ N: o.N, r: o.r, p: o.p, maxmem: 256 * 1024 * 1024 },
			(err, key) => (err ? reject(err) : resolve(new Uint8Array(key)))
		)
	);

// The demo seed runs in every test: derive each (pin, salt) once per process.
const memo = new Map<string, Promise<PinKeys>>();
export function derivePinKeysNative(pin: string, salt: string, kdf = PIN_KDF): Promise<PinKeys> {
	const k = `${kdf}|${salt}|${pin}`;
	let p = memo.get(k);
	if (!p) {
		p = derivePinKeys(pin, salt, kdf, nativeScrypt);
		memo.set(k, p);
		p.catch(() => memo.delete(k));
	}
	return p;
}

/** Sets a staff member's PIN (server side only); refuses PINs too short for the role. */
export async function setPin(
	q: Queryable,
	uid: string,
	pin: string,
	salt = newSalt()
): Promise<{ ok: true } | { ok: false; code: 'unknown' | 'pin_too_short' }> {
	const rows = await q.query<{ role: Role | null }>(
		`SELECT role FROM people WHERE uid = $1 AND kind = 'staff'`,
		[uid]
	);
	const role = rows[0]?.role;
	if (!role) return { ok: false, code: 'unknown' };
	if (!pinAllowed(role, pin)) return { ok: false, code: 'pin_too_short' };
	const keys = await derivePinKeysNative(pin, salt);
	await q.query(
		`UPDATE people SET pin_salt = $2, pin_hash = $3, pin_kdf = $4, pin_proof_key = $5, pin_iterations = NULL
		 WHERE uid = $1`,
		[uid, salt, keys.verifier, PIN_KDF, keys.proofKey]
	);
	return { ok: true };
}

export interface PinPerson {
	uid: string;
	role: Role;
}

/** Online PIN check of one named, active staff member (the caller has counted the attempt). */
export async function checkPin(q: Queryable, uid: string, pin: string): Promise<PinPerson | null> {
	const rows = await q.query<{ role: Role; pin_salt: string; pin_hash: string; pin_kdf: string }>(
		`SELECT role, pin_salt, pin_hash, pin_kdf FROM people
		 WHERE uid = $1 AND kind = 'staff' AND active AND pin_kdf IS NOT NULL`,
		[uid]
	);
	const r = rows[0];
	if (!r) {
		await derivePinKeysNative(pin, 'no-such-person'); // same cost either way
		return null;
	}
	const ok = await verifyPin(
		pin,
		{ pinSalt: r.pin_salt, pinHash: r.pin_hash, pinKdf: r.pin_kdf },
		nativeScrypt
	);
	return ok ? { uid, role: r.role } : null;
}
