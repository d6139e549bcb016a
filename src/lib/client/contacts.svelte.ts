import { browser } from '$app/environment';
import { liveQuery } from 'dexie';
import type { SearchContact } from '../domain/board';
import type { CustomerContact } from '../sync/contract';
import { openDb } from './db';

/**
 * Customer contacts the pull stored (email, phone), by owner uid, kept live. Staff-only: the
 * board's search and the reservation page read them; the customer status page never does.
 */
class ContactBook {
	byUid = $state.raw<ReadonlyMap<string, CustomerContact>>(new Map());
	private started = false;

	start(): void {
		if (this.started) return;
		this.started = true;
		const db = openDb();
		liveQuery(() => db.contacts.toArray()).subscribe({
			next: (rows) => (this.byUid = new Map(rows.map((c) => [c.uid, c]))),
			// A kiosk that cannot read them still searches everything else.
			error: () => undefined
		});
	}

	/** What search matches for a reservation's owner; empty when none is known. */
	of(ownerUid: string): SearchContact {
		return this.byUid.get(ownerUid) ?? {};
	}
}

let instance: ContactBook | null = null;

/** One book per page load: the table is small and whole, so every screen shares one copy. */
export function getContacts(): ContactBook {
	if (!browser) throw new Error('Contacts are read in the browser only.');
	instance ??= new ContactBook();
	instance.start();
	return instance;
}
