import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical';
import { sha256Hex } from './digest';

describe('canonicalJson', () => {
	it('sorts keys at every depth and drops undefined members', () => {
		const a = canonicalJson({ b: 1, a: { d: [2, { z: null, y: 'x' }], c: undefined } });
		expect(a).toBe('{"a":{"d":[2,{"y":"x","z":null}]},"b":1}');
		expect(canonicalJson({ a: { d: [2, { y: 'x', z: null }] }, b: 1 })).toBe(a);
	});

	it('refuses values JSON cannot carry faithfully', () => {
		expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
		expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
	});
});

describe('sha256Hex', () => {
	it('matches the published SHA-256 test vector', async () => {
		expect(await sha256Hex('abc')).toBe(
			'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
		);
	});
});
