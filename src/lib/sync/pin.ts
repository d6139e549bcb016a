/** PIN hashing shared by server (hashing at seed/enrol) and kiosk (offline unlock). WebCrypto only. */
export const PIN_ITERATIONS = 60_000;

const hex = (buf: ArrayBuffer) =>
	Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

export function newSalt(): string {
	const bytes = new Uint8Array(16);
	crypto.getRandomValues(bytes);
	return hex(bytes.buffer);
}

export async function hashPin(
	pin: string,
	salt: string,
	iterations = PIN_ITERATIONS
): Promise<string> {
	const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, [
		'deriveBits'
	]);
	const bits = await crypto.subtle.deriveBits(
		{ name: 'PBKDF2', hash: 'SHA-256', salt: new TextEncoder().encode(salt), iterations },
		key,
		256
	);
	return hex(bits);
}

/** Constant-time comparison of two hex digests. */
export async function verifyPin(
	pin: string,
	entry: { pinSalt: string; pinHash: string; pinIterations: number }
): Promise<boolean> {
	const got = await hashPin(pin, entry.pinSalt, entry.pinIterations);
	if (got.length !== entry.pinHash.length) return false;
	let diff = 0;
	for (let i = 0; i < got.length; i++) diff |= got.charCodeAt(i) ^ entry.pinHash.charCodeAt(i);
	return diff === 0;
}
