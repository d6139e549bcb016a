/**
 * The current instant, refreshed once a minute while the calling component lives: what the
 * kiosk's offline pages (charts, reports, day sheet) derive their days and weeks from.
 * Call it during component initialisation (it registers an effect).
 */
// An ISO string at once: no Date object is kept, so there is nothing mutable to make reactive.
const isoNow = () => new Date(Date.now()).toISOString();

export function minuteClock(): { readonly now: string } {
	let now = $state(isoNow());
	$effect(() => {
		const t = setInterval(() => (now = isoNow()), 60_000);
		return () => clearInterval(t);
	});
	return {
		get now() {
			return now;
		}
	};
}
