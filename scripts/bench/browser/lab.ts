import { Queue } from 'workbox-background-sync';
import type { Action } from '../../../src/lib/domain/actions';
import type { Reservation } from '../../../src/lib/domain/reservation';
import { KilnDb, setMeta, type OutboxRow } from '../../../src/lib/client/db';
import { Drainer } from '../../../src/lib/client/drainer';
import { realTimers } from '../../../src/lib/client/http';
import { enqueue } from '../../../src/lib/client/outbox';
import { pull } from '../../../src/lib/client/pull';
import { deriveBoard } from '../../../src/lib/client/view';
import { PullResponse, type WireAction } from '../../../src/lib/sync/contract';
import { findKiosk } from './find-kiosk';
import { measureTaps, type TapKiosk } from './taps';

/** Bench code run inside pages of the app's origin; every function returns plain data. */

const fetchLike = (u: string, i?: RequestInit) => fetch(u, i);
const noLog = () => undefined;

async function freshDb(name: string): Promise<KilnDb> {
	await KilnDb.delete(name);
	const db = new KilnDb(name);
	await db.open();
	return db;
}

/** The app's initial pull (real `pull()`), then the floor: one raw bulkPut of the same rows. */
async function pullVsBulkPut(token: string, run: string) {
	const db = await freshDb(`bench-pull-${run}`);
	const t0 = performance.now();
	const out = await pull({ db, fetch: fetchLike, timers: realTimers, now: Date.now }, token);
	const pullMs = performance.now() - t0;
	if (!out.ok) throw new Error(`pull failed: ${JSON.stringify(out.verdict)}`);
	const rows = await db.reservations.toArray();
	db.close();
	const floorDb = await freshDb(`bench-bulk-${run}`);
	const t1 = performance.now();
	await floorDb.reservations.bulkPut(rows);
	const floorMs = performance.now() - t1;
	floorDb.close();
	const bytes = rows.reduce((n, r) => n + JSON.stringify(r).length, 0);

	// Where the pull's time goes: the same pages again, fetch + JSON, then the zod parse alone.
	let cursor = 0;
	let fetchMs = 0;
	let parseMs = 0;
	for (;;) {
		const f0 = performance.now();
		const res = await fetch(`/api/sync/pull?cursor=${cursor}`, {
			headers: { authorization: `Device ${token}` }
		});
		const body = await res.json();
		const f1 = performance.now();
		const page = PullResponse.parse(body);
		parseMs += performance.now() - f1;
		fetchMs += f1 - f0;
		if (!page.more) break;
		cursor = page.cursor;
	}
	await KilnDb.delete(`bench-pull-${run}`);
	await KilnDb.delete(`bench-bulk-${run}`);
	return {
		rows: rows.length,
		pages: out.pages,
		pullMs,
		floorMs,
		avgRowBytes: rows.length ? bytes / rows.length : 0,
		breakdown: { fetchAndJsonMs: fetchMs, zodParseMs: parseMs }
	};
}

/** Kilnboard: enqueue N actions through the real outbox, then one real drain (push + pull). */
async function kilnboardDrain(input: {
	deviceId: string;
	token: string;
	cursor: number;
	actions: { id: string; action: Action }[];
	run: string;
}) {
	const db = await freshDb(`bench-drain-${input.run}`);
	await setMeta(db, {
		deviceId: input.deviceId,
		token: input.token,
		label: 'bench',
		nextRevision: 1,
		cursor: input.cursor
	});
	const e0 = performance.now();
	for (const { id, action } of input.actions) {
		const out = await enqueue(db, {
			actorUid: 'staff-sam',
			reservationId: id,
			action,
			now: new Date().toISOString()
		});
		if (!out.ok) throw new Error(out.message);
	}
	const enqueueMs = performance.now() - e0;
	const drainer = new Drainer({
		db,
		fetch: fetchLike,
		now: Date.now,
		timers: realTimers,
		random: Math.random,
		locks: navigator.locks ?? null,
		log: noLog,
		autoRetry: false
	});
	const t0 = performance.now();
	const outcome = await drainer.drain('bench');
	const drainMs = performance.now() - t0;
	const states: Record<string, number> = {};
	for (const r of await db.outbox.toArray()) states[r.state] = (states[r.state] ?? 0) + 1;
	db.close();
	await KilnDb.delete(`bench-drain-${input.run}`);
	return { outcome, drainMs, enqueueMs, states };
}

/** Baseline: workbox-background-sync's Queue replaying one push request per action. */
async function workboxReplay(input: {
	deviceId: string;
	token: string;
	actions: WireAction[];
	run: string;
}) {
	// Queue expects a service worker scope; without `registration.sync` it falls back to replaying
	// on construction (an empty queue here) and we call replayRequests() ourselves, as onSync would.
	const g = globalThis as unknown as { registration?: object };
	g.registration ??= {};
	const queue = new Queue(`bench-wb-${input.run}`);
	for (const a of input.actions) {
		await queue.pushRequest({
			request: new Request('/api/sync/push', {
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					authorization: `Device ${input.token}`
				},
				body: JSON.stringify({ deviceId: input.deviceId, actions: [a] })
			})
		});
	}
	const t0 = performance.now();
	await queue.replayRequests();
	const replayMs = performance.now() - t0;
	const left = (await queue.getAll()).length;
	return { replayMs, left };
}

/** Floor for a staff tap: raw Dexie put of the card + an outbox row in one transaction. */
async function floorTaps(samples: number, run: string) {
	const app = new KilnDb('kilnboard');
	await app.open();
	const rows = await app.reservations.toArray();
	app.close();
	const db = await freshDb(`bench-floor-${run}`);
	await db.reservations.bulkPut(rows);
	const times: number[] = [];
	for (let i = 0; i < samples; i++) {
		const r: Reservation = {
			...rows[(i * 7919) % rows.length],
			staffNotes: [
				...rows[(i * 7919) % rows.length].staffNotes,
				{
					id: `floor-${i}`,
					at: new Date().toISOString(),
					byUid: 'staff-sam',
					text: `floor ${i}`,
					source: 'reservation.note'
				}
			]
		};
		const row = {
			type: 'reservation.note',
			payload: { staffNotes: `floor ${i}` },
			queueRevision: i + 1,
			deviceId: 'dev_benchfloor',
			actorUid: 'staff-sam',
			reservationId: r.id,
			baseVersion: r.version,
			createdAt: new Date().toISOString(),
			state: 'pending',
			attempts: 0,
			lastAttemptAt: null
		} as OutboxRow;
		const t0 = performance.now();
		await db.transaction('rw', db.reservations, db.outbox, async () => {
			await db.reservations.put(r);
			await db.outbox.add(row);
		});
		times.push(performance.now() - t0);
	}
	db.close();
	await KilnDb.delete(`bench-floor-${run}`);
	return { rows: rows.length, times };
}

/** Floor for a cold start: open the app's database and read the board's tables, raw Dexie. */
async function rawBoardRead() {
	const t0 = performance.now();
	const db = new KilnDb('kilnboard');
	await db.open();
	const [reservations, stations, outbox, meta, roster] = await db.transaction(
		'r',
		[db.reservations, db.stations, db.outbox, db.meta, db.roster],
		() =>
			Promise.all([
				db.reservations.toArray(),
				db.stations.toArray(),
				db.outbox.toArray(),
				db.meta.toArray(),
				db.roster.toArray()
			])
	);
	const ms = performance.now() - t0;
	db.close();
	return {
		ms,
		reservations: reservations.length,
		other: stations.length + outbox.length + meta.length + roster.length
	};
}

/** Profile aid: one full deriveBoard over the app's tables, the work every outbox change redoes. */
async function deriveCost(runs = 5) {
	const app = new KilnDb('kilnboard');
	await app.open();
	const [rows, outbox, stations] = await Promise.all([
		app.reservations.toArray(),
		app.outbox.toArray(),
		app.stations.toArray()
	]);
	app.close();
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const t0 = performance.now();
		deriveBoard(rows, outbox, stations, new Date().toISOString());
		times.push(performance.now() - t0);
	}
	return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** Heap floor: the board's tables read raw from Dexie and kept alive in this page. */
async function holdRows() {
	const db = new KilnDb('kilnboard');
	await db.open();
	const held = await Promise.all([
		db.reservations.toArray(),
		db.stations.toArray(),
		db.outbox.toArray(),
		db.roster.toArray(),
		db.notifications.toArray()
	]);
	db.close();
	(globalThis as unknown as { __kbHeld: unknown }).__kbHeld = held;
	return held[0].length;
}

/**
 * "A day offline": `count` staff notes queued through the real `enqueue` into the app's own
 * database, on cards other than `avoid` (the ones the taps will use); then waits until the
 * app's kiosk has seen them all.
 */
async function queueNotes(count: number, avoid: string[]) {
	const skip = new Set(avoid);
	const db = new KilnDb('kilnboard');
	await db.open();
	const ids = (await db.reservations.toCollection().primaryKeys()).filter((id) => !skip.has(id));
	const before = await db.outbox.count();
	const t0 = performance.now();
	for (let i = 0; i < count; i++) {
		const out = await enqueue(db, {
			actorUid: 'staff-sam',
			reservationId: ids[i % ids.length],
			action: { type: 'reservation.note', payload: { staffNotes: `offline note ${i}` } },
			now: new Date().toISOString()
		});
		if (!out.ok) throw new Error(out.message);
	}
	const enqueueMs = performance.now() - t0;
	db.close();
	const kiosk = (await findKiosk()) as { outbox?: unknown[] } | null;
	const deadline = performance.now() + 120_000;
	while ((kiosk?.outbox?.length ?? 0) < before + count) {
		if (performance.now() > deadline) throw new Error('the app never saw the queued notes');
		await new Promise((r) => setTimeout(r, 50));
	}
	return { queued: count, pending: before + count, enqueueMs };
}

async function taps(ids: string[]) {
	const kiosk = (await findKiosk()) as TapKiosk | null;
	if (!kiosk) throw new Error('the app’s kiosk instance was not found in the loaded chunks');
	return measureTaps(kiosk, ids);
}

const lab = {
	deriveCost,
	pullVsBulkPut,
	kilnboardDrain,
	workboxReplay,
	floorTaps,
	rawBoardRead,
	holdRows,
	queueNotes,
	taps,
	findKiosk
};
export type Lab = typeof lab;
(globalThis as unknown as { __kbLab: Lab }).__kbLab = lab;
