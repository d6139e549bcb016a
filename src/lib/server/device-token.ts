import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Device credentials are `<deviceId>.<secret>`; the server keeps only SHA-256 of the secret. */
export function newDeviceCredential(): { deviceId: string; secret: string; token: string } {
	const deviceId = `dev_${randomBytes(12).toString('base64url')}`;
	const secret = randomBytes(32).toString('base64url');
	return { deviceId, secret, token: `${deviceId}.${secret}` };
}

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export function splitToken(token: string): { deviceId: string; secret: string } | null {
	const dot = token.indexOf('.');
	if (dot <= 0 || dot === token.length - 1 || token.length > 300) return null;
	return { deviceId: token.slice(0, dot), secret: token.slice(dot + 1) };
}

export function sameHash(a: string, b: string): boolean {
	const x = Buffer.from(a);
	const y = Buffer.from(b);
	return x.length === y.length && timingSafeEqual(x, y);
}

/** The token from `Authorization: Device <token>`, or null. */
export function tokenFromHeader(header: string | null | undefined): string | null {
	const m = /^Device\s+(\S+)\s*$/.exec(header ?? '');
	return m ? m[1] : null;
}
