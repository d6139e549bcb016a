import { isDeepStrictEqual } from 'node:util';
import type { OutboxRow } from '../../lib/client/db';
import type { Firing, FiringStep } from '../../lib/domain/firing-record';
import { FIRING_REASON, STEP_TARGET, isActiveFiring } from '../../lib/domain/firings';
import type { KioskSnapshot, ServerAction, ServerSnapshot } from './snapshot';

/**
 * The firing invariants (docs/SYNC_PROTOCOL.md "Firings"), read after quiescence:
 * - a firing step is never refused for what its cards are: the only refusals are the actor's
 *   (`permission`) or a firing the server never had (`not_found`, its plan was refused);
 * - each applied step moved the firing forward once (its state is the furthest step applied);
 * - each flag on a member has its own `firing_flagged` history row on that card, and no more;
 * - a flagged member got no customer message from that step; no member got two messages of one
 *   kind from one firing, and no message of a step went to a card outside it;
 * - the capacity rule held at create (members fit the kiln, a card in one active firing at most);
 * - after the final pull every kiosk holds exactly the server's firings.
 * The per-step history rows are counted with every other change in `effectViolations`.
 */

const RANK = { planned: 0, loading: 1, firing: 2, unloaded: 3 } as const;
const STEP_REFUSALS_ALLOWED = new Set(['permission', 'not_found']);

type StepRow = OutboxRow & { type: 'firing.step'; payload: { firingId: string; step: FiringStep } };

const key = (device: string, rev: number) => `${device}#${rev}`;

/** Applied, non-noop firing steps on the server, with the payload their kiosk queued. */
export function appliedSteps(
	server: ServerSnapshot,
	kiosks: readonly KioskSnapshot[]
): { action: ServerAction; row: StepRow }[] {
	const rows = new Map<string, OutboxRow>();
	for (const k of kiosks)
		for (const r of [...k.outbox, ...k.archive]) rows.set(key(k.deviceId, r.queueRevision), r);
	const out: { action: ServerAction; row: StepRow }[] = [];
	for (const a of server.actions) {
		if (a.type !== 'firing.step' || a.result?.status !== 'applied' || a.result.noop) continue;
		const row = rows.get(key(a.deviceId, a.queueRevision));
		if (row?.type === 'firing.step') out.push({ action: a, row: row as StepRow });
	}
	return out;
}

export function firingViolations(
	server: ServerSnapshot,
	kiosks: readonly KioskSnapshot[]
): string[] {
	const out: string[] = [];
	const rows = new Map<string, OutboxRow>();
	for (const k of kiosks)
		for (const r of [...k.outbox, ...k.archive]) rows.set(key(k.deviceId, r.queueRevision), r);

	for (const a of server.actions) {
		if (a.type !== 'firing.step' || a.result?.status !== 'rejected') continue;
		const code = a.result.code;
		const id = (rows.get(key(a.deviceId, a.queueRevision)) as StepRow | undefined)?.payload
			.firingId;
		const tag = `firing step ${a.deviceId}:${a.queueRevision} on ${id}`;
		if (!STEP_REFUSALS_ALLOWED.has(code)) out.push(`${tag}: refused wholesale (${code})`);
		else if (code === 'not_found' && id && server.firings.has(id))
			out.push(`${tag}: refused not_found, but the server has that firing`);
	}

	const steps = new Map<string, { request: string; step: FiringStep }[]>();
	for (const { action, row } of appliedSteps(server, kiosks)) {
		const list = steps.get(row.payload.firingId) ?? [];
		list.push({ request: `${action.deviceId}:${action.queueRevision}`, step: row.payload.step });
		steps.set(row.payload.firingId, list);
	}

	const activeOf = new Map<string, string>();
	for (const f of server.firings.values()) {
		const applied = steps.get(f.id) ?? [];
		out.push(...stateViolations(f, applied));
		out.push(...capacityAtCreate(f, server, activeOf));
		out.push(...flagViolations(f, server));
		out.push(...messageViolations(f, applied, server));
	}
	for (const id of steps.keys())
		if (!server.firings.has(id)) out.push(`firing ${id}: steps applied but no firing stored`);

	for (const k of kiosks) {
		for (const [id, f] of server.firings) {
			const mine = k.firings.get(id);
			if (!mine) out.push(`${k.name}: missing firing ${id} after the final pull`);
			else if (!isDeepStrictEqual(mine, f))
				out.push(
					`${k.name}: firing ${id} is v${mine.version} on the kiosk, v${f.version} on the server (or differs)`
				);
		}
		for (const id of k.firings.keys())
			if (!server.firings.has(id))
				out.push(`${k.name}: has firing ${id}, which the server does not`);
	}
	return out;
}

/** Steps only go forward, each target once: the state is the furthest step applied. */
function stateViolations(f: Firing, applied: { step: FiringStep }[]): string[] {
	const out: string[] = [];
	const targets = applied.map((s) => STEP_TARGET[s.step]);
	if (new Set(targets).size !== targets.length)
		out.push(`firing ${f.id}: a step applied twice (${targets.join(', ')})`);
	const furthest = targets.reduce((m, t) => Math.max(m, RANK[t]), 0);
	if (RANK[f.state] !== furthest)
		out.push(`firing ${f.id}: state ${f.state} after applied steps [${targets.join(', ')}]`);
	if (f.version !== 1 + applied.length)
		out.push(`firing ${f.id}: version ${f.version} after ${applied.length} applied steps`);
	return out;
}

function capacityAtCreate(
	f: Firing,
	server: ServerSnapshot,
	activeOf: Map<string, string>
): string[] {
	const out: string[] = [];
	const station = server.stations.find((s) => s.id === f.stationId);
	const used = f.members.reduce((n, m) => n + m.halfShelves, 0);
	if (!station) out.push(`firing ${f.id}: on unknown station ${f.stationId}`);
	else if (used > station.capacityHalfShelves)
		out.push(
			`firing ${f.id}: ${used} half-shelves planned into ${station.id} (${station.capacityHalfShelves})`
		);
	const ids = f.members.map((m) => m.reservationId);
	if (new Set(ids).size !== ids.length) out.push(`firing ${f.id}: a card listed twice`);
	if (!isActiveFiring(f)) return out;
	for (const id of ids) {
		const other = activeOf.get(id);
		if (other) out.push(`firing ${f.id}: ${id} is also in active firing ${other}`);
		activeOf.set(id, f.id);
	}
	return out;
}

/** Each member flag is one `firing_flagged` row on its card naming this firing and step. */
function flagViolations(f: Firing, server: ServerSnapshot): string[] {
	const out: string[] = [];
	for (const m of f.members) {
		const card = server.reservations.get(m.reservationId);
		if (!card) continue;
		const rows = card.stageHistory.filter(
			(h) => h.reason === FIRING_REASON.flagged && h.notes?.startsWith(`Firing ${f.id} (`)
		);
		const steps = m.flags.map((x) => x.step);
		if (new Set(steps).size !== steps.length)
			out.push(
				`firing ${f.id}: ${m.reservationId} flagged twice for one step (${steps.join(', ')})`
			);
		if (rows.length !== m.flags.length)
			out.push(
				`firing ${f.id}: ${m.reservationId} has ${m.flags.length} flags but ${rows.length} flagged history rows`
			);
		for (const s of steps)
			if (!rows.some((h) => h.notes!.startsWith(`Firing ${f.id} (${s})`)))
				out.push(`firing ${f.id}: ${m.reservationId} flagged at ${s} without its history row`);
	}
	return out;
}

/** Customer messages of a firing's steps: one per (card, kind) at most, none to a flagged card. */
function messageViolations(
	f: Firing,
	applied: { request: string; step: FiringStep }[],
	server: ServerSnapshot
): string[] {
	const out: string[] = [];
	const members = new Map(f.members.map((m) => [m.reservationId, m]));
	const seen = new Set<string>();
	for (const { request, step } of applied) {
		const mine = server.notifications.filter((n) => n.id.startsWith(`ntf:${request}:`));
		for (const n of mine) {
			const m = members.get(n.reservationId);
			if (!m) {
				out.push(`firing ${f.id} ${step}: message ${n.id} to ${n.reservationId}, not a member`);
				continue;
			}
			if (m.flags.some((x) => x.step === step))
				out.push(`firing ${f.id} ${step}: flagged ${n.reservationId} was still sent ${n.kind}`);
			const once = `${n.reservationId}/${n.kind}`;
			if (seen.has(once))
				out.push(`firing ${f.id}: ${n.reservationId} was sent ${n.kind} twice (${n.id})`);
			seen.add(once);
		}
	}
	return out;
}
