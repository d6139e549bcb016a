/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order, no whitespace, arrays kept in
 * order, `undefined` members dropped. Equal data gives byte-equal text on every runtime, which is
 * what lets the kiosk and the server reach the same signature.
 */
export function canonicalJson(value: unknown): string {
	if (value === null || value === undefined) return 'null';
	switch (typeof value) {
		case 'string':
		case 'boolean':
			return JSON.stringify(value);
		case 'number':
			if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
			return JSON.stringify(value);
		case 'object': {
			if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
			const obj = value as Record<string, unknown>;
			const keys = Object.keys(obj)
				.filter((k) => obj[k] !== undefined)
				.sort();
			return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
		}
		default:
			throw new TypeError(`canonicalJson: unsupported ${typeof value}`);
	}
}
