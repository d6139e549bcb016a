import Dexie, { cmp, type DBCore, type DBCoreMutateRequest, type IndexableType } from 'dexie';

/*
 * What was written to some tables, as rows, so the kiosk updates its in-memory board by the
 * rows a transaction touched instead of re-reading whole tables.
 *
 * - Writes made through this page's own database object are caught in a DBCore middleware and
 *   delivered with their values when their transaction commits (nothing is read back).
 * - Writes from other tabs and from the service worker arrive as Dexie's own cross-context
 *   `storagemutated` event (a BroadcastChannel) naming the keys; only those keys are read. A
 *   range (Dexie reports a bulk write of 50 rows or more, or a clear, as one) is read whole:
 *   then the other context really did write a table's worth of rows.
 */

export interface TableWrites {
	put: unknown[];
	del: IndexableType[];
	/** The table changed as a whole: `put` holds all of it, and the reader starts over. */
	whole: boolean;
}
export type Writes = Record<string, TableWrites>;

interface RangeNode {
	from: IndexableType;
	to: IndexableType;
	l?: RangeNode | null;
	r?: RangeNode | null;
}

/** More single keys than this from another context are read as a whole table. */
const MAX_KEYS = 500;

function entry(w: Writes, table: string): TableWrites {
	return (w[table] ??= { put: [], del: [], whole: false });
}

/** The single keys of a Dexie range set, or null when it holds a range. */
export function keysOf(tree: unknown): IndexableType[] | null {
	const keys: IndexableType[] = [];
	const walk = (n: RangeNode | null | undefined): boolean => {
		if (!n || !('from' in n)) return true;
		if (cmp(n.from, n.to) !== 0) return false;
		keys.push(n.from);
		return keys.length <= MAX_KEYS && walk(n.l) && walk(n.r);
	};
	return walk(tree as RangeNode) ? keys : null;
}

/**
 * Watches `tables` of `db`. Must be called before `db.open()` (Dexie builds its middleware
 * stack on open). Returns a stop function.
 */
export function watchWrites(
	db: Dexie,
	tables: readonly string[],
	deliver: (w: Writes) => void,
	onError: (e: unknown) => void = () => undefined
): () => void {
	const watched = new Set(tables);
	const open = new Map<object, Writes>();
	/** `mutatedParts` of this page's own committed transactions: their echo is not re-read. */
	const own = new WeakSet<object>();

	const note = (table: string, req: DBCoreMutateRequest) => {
		const trans = req.trans as unknown as IDBTransaction;
		let w = open.get(trans);
		if (!w) {
			const pending: Writes = {};
			w = pending;
			open.set(trans, pending);
			trans.addEventListener('complete', () => {
				open.delete(trans);
				const parts = (trans as unknown as { mutatedParts?: object }).mutatedParts;
				if (parts) own.add(parts);
				if (!Object.values(pending).some((e) => e.whole)) return deliver(pending);
				// A range was deleted: read those tables back whole (rare: nothing on the board does it).
				void readWhole(pending).then(deliver, onError);
			});
			trans.addEventListener('abort', () => open.delete(trans));
		}
		const e = entry(w, table);
		if (req.type === 'add' || req.type === 'put') e.put.push(...req.values);
		else if (req.type === 'delete') e.del.push(...req.keys);
		else e.whole = true; // deleteRange (clear, where().delete())
	};

	const readWhole = async (w: Writes) => {
		for (const [table, e] of Object.entries(w))
			if (e.whole) w[table] = { put: await db.table(table).toArray(), del: [], whole: true };
		return w;
	};

	db.use({
		stack: 'dbcore',
		name: 'kilnboard-write-feed',
		create: (down: DBCore): DBCore => ({
			...down,
			table: (name: string) => {
				const t = down.table(name);
				if (!watched.has(name)) return t;
				return {
					...t,
					mutate: (req) =>
						t.mutate(req).then((res) => {
							note(name, req);
							return res;
						})
				};
			}
		})
	});

	const fromElsewhere = async (parts: Record<string, unknown>) => {
		if (own.has(parts)) return;
		const w: Writes = {};
		for (const table of watched) {
			const part = parts[`idb://${db.name}/${table}/`];
			if (!part && !('all' in parts)) continue;
			const keys = part && !('all' in parts) ? keysOf(part) : null;
			const t = db.table(table);
			const e = entry(w, table);
			if (!keys) {
				w[table] = { put: await t.toArray(), del: [], whole: true };
				continue;
			}
			const rows = await t.bulkGet(keys);
			rows.forEach((row, i) => (row === undefined ? e.del.push(keys[i]) : e.put.push(row)));
		}
		if (Object.keys(w).length) deliver(w);
	};
	// Dexie fires this for our own commits too, before their 'complete' listener has run:
	// wait a task so `own` knows them.
	const listener = (parts: Record<string, unknown>) =>
		void setTimeout(() => fromElsewhere(parts).catch(onError), 0);
	Dexie.on('storagemutated', listener);
	return () => Dexie.on.storagemutated.unsubscribe(listener);
}
