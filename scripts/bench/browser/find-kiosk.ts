/**
 * The app's Kiosk singleton, found among the already-loaded immutable chunks: the getter is the
 * zero-argument export `() => instance ??= new Kiosk()` of the chunk holding the Kiosk class.
 * Importing an already-loaded URL returns the same module, so this is the page's own instance.
 * Self-contained on purpose: it is also passed to `addInitScript` as source text.
 */
export async function findKiosk(): Promise<unknown> {
	const urls = new Set<string>();
	for (const e of performance.getEntriesByType('resource'))
		if (/\/_app\/immutable\/.+\.js$/.test(e.name)) urls.add(e.name);
	for (const l of document.querySelectorAll<HTMLLinkElement>('link[rel="modulepreload"]'))
		urls.add(l.href);
	for (const url of urls) {
		let mod: Record<string, unknown>;
		try {
			mod = (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
		} catch {
			continue;
		}
		for (const v of Object.values(mod)) {
			if (typeof v !== 'function' || v.length !== 0) continue;
			if (!/\?\?=\s*new\s/.test(String(v))) continue;
			const k = (v as () => Record<string, unknown>)();
			if (k && typeof k.act === 'function' && typeof k.unlock === 'function') return k;
		}
	}
	return null;
}
