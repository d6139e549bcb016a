import { browser } from '$app/environment';
import { liveQuery, type Subscription } from 'dexie';
import type { Action } from '../domain/actions';
import type { Firing, FiringCreatePayload, FiringStepPayload } from '../domain/firing-record';
import { openDb, type KilnDb } from './db';
import { decideFiring, deriveFirings, firingContext, type FiringView } from './firing-view';
import { getKiosk, type ActResult, type Kiosk } from './kiosk.svelte';
import { kioskTimeZone } from './studio-zone.svelte';

const iso = () => new Date().toISOString();

/** The kiosk's firings: the Dexie table live, plus unsent firing actions applied optimistically. */
class FiringsState {
	server = $state.raw<Firing[]>([]);
	private db: KilnDb | null = null;
	private sub: Subscription | null = null;
	constructor(private kiosk: Kiosk) {}

	start(): void {
		if (this.db) return;
		this.db = openDb();
		const db = this.db;
		this.sub = liveQuery(() => db.firings.toArray()).subscribe({
			next: (v) => (this.server = v)
		});
	}

	view: FiringView = $derived.by(() =>
		deriveFirings({
			firings: this.server,
			cards: this.kiosk.board.map((c) => c.reservation),
			outbox: this.kiosk.outbox,
			stations: this.kiosk.stations,
			now: iso(),
			timeZone: kioskTimeZone(this.kiosk.meta),
			roleOf: (uid) => this.kiosk.roster.find((r) => r.uid === uid)?.role ?? 'staff'
		})
	);

	/** Dry run by the same domain rule, then one outbox row (works offline). */
	async queue(
		action: Extract<Action, { type: 'firing.create' | 'firing.step' }>
	): Promise<ActResult> {
		const actor = this.kiosk.actor;
		if (!actor) return this.kiosk.act(null, action);
		const v = this.view;
		const ctx = firingContext(
			{
				now: iso(),
				timeZone: kioskTimeZone(this.kiosk.meta),
				roleOf: () => actor.role,
				stations: this.kiosk.stations
			},
			v.cards,
			actor.uid,
			'dry-run:0',
			iso()
		);
		const verdict = decideFiring(
			action,
			new Map(v.firings.map((f) => [f.id, f])),
			v.cards,
			this.kiosk.stations,
			ctx
		);
		if (!verdict.ok) return { ok: false, code: verdict.code, message: verdict.message };
		return this.kiosk.act(null, action, { label: 'Firing' });
	}

	plan(payload: FiringCreatePayload) {
		return this.queue({ type: 'firing.create', payload });
	}

	step(payload: FiringStepPayload) {
		return this.queue({ type: 'firing.step', payload });
	}

	stop(): void {
		this.sub?.unsubscribe();
	}
}

let instance: FiringsState | null = null;

export function getFirings(): FiringsState {
	if (!browser) throw new Error('Firings run in the browser only.');
	// Built in a root of its own: a `$derived` made during a page's setup belongs to that page and
	// stops updating when the page unmounts (planning on /firings, then stepping on /firings/[id]
	// left the view frozen at the plan, even after the server's pull).
	if (!instance) {
		const kiosk = getKiosk();
		let made: FiringsState | null = null;
		$effect.root(() => {
			made = new FiringsState(kiosk);
		});
		instance = made!;
	}
	instance.start();
	return instance;
}
