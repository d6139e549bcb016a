import { describe, expect, it } from 'vitest';
import { DEFAULT_STUDIO_TIME_ZONE, serverSecret, studioTimeZone } from './studio-config';

describe('studio configuration', () => {
	it('reads STUDIO_TIME_ZONE, defaulting to a valid zone', () => {
		expect(studioTimeZone({})).toBe(DEFAULT_STUDIO_TIME_ZONE);
		expect(studioTimeZone({ STUDIO_TIME_ZONE: ' America/Los_Angeles ' })).toBe(
			'America/Los_Angeles'
		);
	});

	it('refuses a zone name Intl does not know, at start-up', () => {
		expect(() => studioTimeZone({ STUDIO_TIME_ZONE: 'Europe/Atlantis' })).toThrow(/IANA/);
		expect(() => studioTimeZone({ STUDIO_TIME_ZONE: 'GMT+25' })).toThrow();
	});

	it('gives a fresh 128-bit hex secret each call', () => {
		const a = serverSecret();
		expect(a).toMatch(/^[0-9a-f]{32}$/);
		expect(serverSecret()).not.toBe(a);
	});
});
