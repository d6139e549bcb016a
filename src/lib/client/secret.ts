/** The kiosk's CSPRNG source for `ApplyContext.secret` (optimistic copies only; the server's wins). */
export function kioskSecret(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(16));
	return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
