import { clientAddress, trustedProxies } from './rate-limit';

let trusted: Set<string> | null = null;

/** The request's client address (X-Forwarded-For honoured only from `TRUSTED_PROXIES`). */
export function requestAddress(request: Request, peer: string): string {
	trusted ??= trustedProxies(process.env);
	return clientAddress(peer, request.headers.get('x-forwarded-for'), trusted);
}
