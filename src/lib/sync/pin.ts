import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';

/**
 * PIN key derivation shared by server (setting PINs, online checks, proof verification) and
 * kiosk (offline unlock, signing). scrypt is memory-hard: each guess costs 64 MiB (N 2^16, r 8)
 * twice over (p 2: a second pass costs time, not memory, which a tablet has less of); native code
 * needs ≈ 0.4 s a guess here (bench figure 11), so a stolen roster is slow to search.
 *
 * One scrypt output gives two unrelated values: the VERIFIER (what kiosks cache to unlock
 * offline) and the PROOF KEY (what signs supervisor/admin actions; kept by the server and, for
 * an unlocked session only, in the kiosk's memory). The verifier does not reveal the key.
 */
export const PIN_KDF = 'scrypt:16:8:2';
export type PinKdf = string;

/** Supervisors and admins need longer PINs: their PIN signs elevated actions. */
export const MIN_PIN_DIGITS = { staff: 4, supervisor: 6, admin: 6 } as const;
export const pinAllowed = (role: keyof typeof MIN_PIN_DIGITS, pin: string) =>
	/^\d+$/.test(pin) && pin.length >= MIN_PIN_DIGITS[role] && pin.length <= 12;

/** A scrypt implementation (the server passes Node's native one; kiosks use this library's). */
export type ScryptFn = (
	pin: Uint8Array,
	salt: Uint8Array,
	o: { N: number; r: number; p: number; dkLen: number }
) => Promise<Uint8Array>;

// Loaded on the first PIN check, not with the board: a kiosk paints its lock screen without it.
const jsScrypt: ScryptFn = async (pin, salt, o) => {
	const { scryptAsync } = await import('@noble/hashes/scrypt.js');
	return scryptAsync(pin, salt, { ...o, asyncTick: 50 });
};

const enc = new TextEncoder();
export const toHex = (b: Uint8Array) =>
	Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
export const fromHex = (h: string) =>
	Uint8Array.from(h.match(/.{2}/g) ?? [], (x) => Number.parseInt(x, 16));

export function newSalt(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return toHex(bytes);
}

export function parseKdf(kdf: string): { N: number; r: number; p: number } | null {
	const m = /^scrypt:(\d{1,2}):(\d{1,2}):(\d{1,2})$/.exec(kdf);
	if (!m) return null;
	const [logN, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
	if (logN < 1 || logN > 20 || r < 1 || p < 1) return null;
	return { N: 2 ** logN, r, p };
}

export interface PinKeys {
	/** Hex; cached by kiosks in the roster. */
	verifier: string;
	/** Hex; never in the roster. */
	proofKey: string;
}

export async function derivePinKeys(
	pin: string,
	salt: string,
	kdf: PinKdf = PIN_KDF,
	impl: ScryptFn = jsScrypt
): Promise<PinKeys> {
	const params = parseKdf(kdf);
	if (!params) throw new Error(`unknown PIN KDF ${kdf}`);
	const master = await impl(enc.encode(pin), enc.encode(`kilnboard-pin:${salt}`), {
		...params,
		dkLen: 32
	});
	return {
		verifier: toHex(hmac(sha256, master, enc.encode('kilnboard verifier v1'))),
		proofKey: toHex(hmac(sha256, master, enc.encode('kilnboard action proof v1')))
	};
}

/** Constant-time comparison of two hex strings. */
export function sameHex(a: string, b: string): boolean {
	if (a.length !== b.length) return false;
	let diff = 0;
	for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
	return diff === 0;
}

/** Checks a PIN against a roster entry; on success also returns the proof key for the session. */
export async function verifyPin(
	pin: string,
	entry: { pinSalt: string; pinHash: string; pinKdf?: string },
	impl?: ScryptFn
): Promise<PinKeys | null> {
	if (!entry.pinKdf || !parseKdf(entry.pinKdf) || !/^\d{1,12}$/.test(pin)) return null;
	const keys = await derivePinKeys(pin, entry.pinSalt, entry.pinKdf, impl);
	return sameHex(keys.verifier, entry.pinHash) ? keys : null;
}

/** Deterministic JSON (sorted keys, undefined dropped): the bytes an action proof covers. */
export function canonicalJson(value: unknown): string {
	if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	const obj = value as Record<string, unknown>;
	const keys = Object.keys(obj)
		.filter((k) => obj[k] !== undefined)
		.sort();
	return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/**
 * What a proof signs: the device, the actor, the intent with its base version and the moment it
 * was made. Not the queue revision, so a held row requeued under a new revision keeps its proof;
 * a replay is stopped by the server using each proof once.
 */
export interface ProofFields {
	createdAt: string;
	actorUid: string;
	reservationId: string | null;
	baseVersion: number;
	type: string;
	payload: unknown;
}

export function proofMessage(deviceId: string, a: ProofFields): string {
	return canonicalJson({
		v: 1,
		deviceId,
		createdAt: a.createdAt,
		actorUid: a.actorUid,
		reservationId: a.reservationId,
		baseVersion: a.baseVersion,
		type: a.type,
		payload: a.payload
	});
}

/** HMAC-SHA256 of the action with the person's proof key (hex). Synchronous, works offline. */
export function signAction(proofKeyHex: string, deviceId: string, action: ProofFields): string {
	return toHex(hmac(sha256, fromHex(proofKeyHex), enc.encode(proofMessage(deviceId, action))));
}

export function actionProofValid(
	proofKeyHex: string,
	deviceId: string,
	action: ProofFields & { proof?: string }
): boolean {
	if (!action.proof || !/^[0-9a-f]{64}$/.test(action.proof)) return false;
	return sameHex(signAction(proofKeyHex, deviceId, action), action.proof);
}

/** How long a signed request (e.g. an export) stays acceptable. */
export const SESSION_PROOF_MS = 5 * 60_000;

/**
 * Proof that the named staff member is unlocked on this kiosk right now, for a request that is
 * not an action (export): `<at>.<hmac>` over the purpose, device, actor, subject and time.
 */
export function signSession(
	proofKeyHex: string,
	p: { purpose: string; deviceId: string; actorUid: string; subject: string; at: string }
): string {
	const msg = canonicalJson({ v: 1, ...p });
	return `${p.at}.${toHex(hmac(sha256, fromHex(proofKeyHex), enc.encode(msg)))}`;
}

export function sessionProofValid(
	proofKeyHex: string,
	header: string,
	p: { purpose: string; deviceId: string; actorUid: string; subject: string },
	nowMs: number
): boolean {
	const dot = header.lastIndexOf('.');
	const at = header.slice(0, dot);
	const atMs = Date.parse(at);
	if (dot <= 0 || !Number.isFinite(atMs) || Math.abs(nowMs - atMs) > SESSION_PROOF_MS) return false;
	return sameHex(signSession(proofKeyHex, { ...p, at }), header);
}
