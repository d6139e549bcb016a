/** Reservation ids are made on the kiosk so walk-in intake works offline. */
export function newReservationId(): string {
	return `res_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`;
}
