const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The short reference staff and customers read ("KB-1042", or "KB-7Q4M2D" for a card made on a
 * kiosk). Derived from the id, never stored: a kiosk creates it offline with no counter to share,
 * so two kiosks cannot clash, and every existing row has one without a migration. Seed and
 * server-numbered ids (`KB-` + digits) are already short and are shown as they are; a random
 * intake id (`rsv_<uuid>`) shows 30 of its random bits in Crockford base32 (no I, L, O, U).
 */
export function shortReference(id: string): string {
	if (/^KB-\d{1,7}$/.test(id)) return id;
	const hex = id.replace(/^rsv_/, '').replace(/[^0-9a-f]/gi, '');
	if (hex.length < 8)
		return `KB-${id
			.toUpperCase()
			.replace(/[^A-Z0-9]/g, '')
			.slice(0, 8)}`;
	// 32 bits from the first 8 hex digits; 6 base32 digits keep 30 of them.
	let n = parseInt(hex.slice(0, 8), 16) >>> 2;
	let out = '';
	for (let i = 0; i < 6; i++) {
		out = CROCKFORD[n & 31] + out;
		n >>>= 5;
	}
	return `KB-${out}`;
}
