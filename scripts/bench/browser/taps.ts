import type { Action } from '../../../src/lib/domain/actions';

export interface TapKiosk {
	act(reservationId: string | null, action: Action): Promise<unknown>;
}

export interface TapSample {
	/** tap → `kiosk.act` resolved (its IndexedDB transaction has committed) */
	commitMs: number;
	/** tap → the card's DOM shows the pending badge (Svelte flushed) */
	renderMs: number;
	/** tap → the next animation frame after that (what staff see) */
	frameMs: number;
	/** distinct board cards whose DOM changed during the tap, and whether anything else did */
	cardsTouched: number;
}

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
const cardSel = (id: string) => `article[data-testid="card"][data-id="${CSS.escape(id)}"]`;

/**
 * One "tap" per id: the call the card's action button makes (`kiosk.act`, a staff note), timed
 * until that card shows its pending badge. A MutationObserver on the whole board counts which
 * cards re-rendered, to check that only the tapped one did.
 */
export async function measureTaps(kiosk: TapKiosk, ids: string[]): Promise<TapSample[]> {
	const out: TapSample[] = [];
	// A note the card already shows is refused before queueing, so every round's text is new.
	const round = Date.now().toString(36);
	const root = document.querySelector('main') ?? document.body;
	for (const [i, id] of ids.entries()) {
		const card = document.querySelector(cardSel(id));
		if (!card) throw new Error(`card ${id} is not on the board`);
		if (card.querySelector('[data-testid="badge-pending"]'))
			throw new Error(`card ${id} already has a pending action`);
		await frame();
		await frame();
		const touched = new Set<string>();
		const watchAll = new MutationObserver((recs) => {
			for (const r of recs) {
				const el = r.target instanceof Element ? r.target : r.target.parentElement;
				const c = el?.closest('article[data-testid="card"]');
				if (c) touched.add(c.getAttribute('data-id') ?? '?');
			}
		});
		watchAll.observe(root, {
			subtree: true,
			childList: true,
			characterData: true,
			attributes: true
		});
		let rendered = 0;
		const shown = new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`card ${id} never showed pending`)), 60_000);
			const mo = new MutationObserver(() => {
				if (!card.isConnected || !card.querySelector('[data-testid="badge-pending"]')) return;
				rendered = performance.now();
				clearTimeout(timer);
				mo.disconnect();
				resolve();
			});
			mo.observe(card, { subtree: true, childList: true, characterData: true });
		});
		const t0 = performance.now();
		const acted = (await kiosk.act(id, {
			type: 'reservation.note',
			payload: { staffNotes: `bench tap ${round}-${i}` }
		})) as { ok?: boolean; message?: string } | undefined;
		if (acted && acted.ok === false)
			throw new Error(`tap on ${id} refused: ${acted.message ?? JSON.stringify(acted)}`);
		const committed = performance.now();
		await shown;
		await frame();
		const framed = performance.now();
		await frame();
		watchAll.disconnect();
		out.push({
			commitMs: committed - t0,
			renderMs: rendered - t0,
			frameMs: framed - t0,
			cardsTouched: touched.size
		});
	}
	return out;
}
