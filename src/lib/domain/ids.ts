/**
 * Reservation ids. Made where the card is created — on the kiosk, so a walk-in intake works
 * offline, and on the server for public requests — with one format: `rsv_` + 32 hex digits.
 * `random` is a CSPRNG UUID source (`crypto.randomUUID`), passed in to keep the domain pure.
 */
export function newReservationId(random: () => string): string {
	const hex = random().replace(/-/g, '').toLowerCase();
	if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error('newReservationId needs a UUID source');
	return `rsv_${hex}`;
}

/** Ids this app has made: `rsv_…` now, `res_…` from older kiosks (still valid on the wire). */
export const MADE_RESERVATION_ID = /^(rsv|res)_[0-9a-f-]{20,36}$/;
