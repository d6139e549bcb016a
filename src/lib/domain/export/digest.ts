const encoder = new TextEncoder();

/** Lowercase hex SHA-256 of UTF-8 text through WebCrypto (same code in Node 20 and browsers). */
export async function sha256Hex(text: string): Promise<string> {
	const buf = await globalThis.crypto.subtle.digest('SHA-256', encoder.encode(text));
	let hex = '';
	for (const b of new Uint8Array(buf)) hex += b.toString(16).padStart(2, '0');
	return hex;
}
