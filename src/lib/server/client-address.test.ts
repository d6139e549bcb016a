import { describe, expect, it } from 'vitest';
import { clientAddress, trustedProxies } from './rate-limit';

describe('client address for limits', () => {
	const trusted = trustedProxies({ TRUSTED_PROXIES: '127.0.0.1, 10.0.0.2' });

	it('ignores X-Forwarded-For from an address that is not a configured proxy (no spoofing)', () => {
		expect(clientAddress('203.0.113.9', '1.2.3.4', trusted)).toBe('203.0.113.9');
		expect(clientAddress('203.0.113.9', null, trusted)).toBe('203.0.113.9');
		expect(clientAddress('127.0.0.1', '1.2.3.4', trustedProxies({}))).toBe('127.0.0.1');
	});

	it('from a trusted proxy takes the nearest untrusted hop, not what the client prepended', () => {
		expect(clientAddress('127.0.0.1', '198.51.100.7', trusted)).toBe('198.51.100.7');
		expect(clientAddress('::ffff:127.0.0.1', 'spoofed, 198.51.100.7', trusted)).toBe(
			'198.51.100.7'
		);
		expect(clientAddress('127.0.0.1', '9.9.9.9, 198.51.100.7, 10.0.0.2', trusted)).toBe(
			'198.51.100.7'
		);
		// Garbage in the header: the proxy's own address is what we know.
		expect(clientAddress('127.0.0.1', 'not-an-ip', trusted)).toBe('127.0.0.1');
	});
});
