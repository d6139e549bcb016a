import type { PushResponse } from '../../src/lib/sync/contract';
import { intakeAction, toWire } from './actions';

/** A one-time enrolment code from the bench server's test hook. */
export async function enrolCode(baseUrl: string): Promise<string> {
	const res = await fetch(`${baseUrl}/api/test/enrol-code`, { method: 'POST' });
	if (!res.ok) throw new Error(`no enrolment code: HTTP ${res.status}`);
	return ((await res.json()) as { code: string }).code;
}

/** An enrolled device talking HTTP to the server, like a kiosk without a browser. */
export class NodeKiosk {
	private rev = 0;
	private constructor(
		readonly baseUrl: string,
		readonly deviceId: string,
		readonly token: string
	) {}

	static async enrol(baseUrl: string, label: string): Promise<NodeKiosk> {
		const res = await fetch(`${baseUrl}/api/devices/enrol`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ label, code: await enrolCode(baseUrl) })
		});
		if (!res.ok) throw new Error(`enrol ${label}: HTTP ${res.status} ${await res.text()}`);
		const body = (await res.json()) as { deviceId: string; token: string };
		return new NodeKiosk(baseUrl, body.deviceId, body.token);
	}

	/** Pushes intakes for the given ids as one batch; throws unless every one is applied. */
	async pushIntakes(ids: readonly string[], seedIndex = 0): Promise<void> {
		const actions = ids.map((id, k) => toWire(intakeAction(seedIndex + k), ++this.rev, id));
		const res = await fetch(`${this.baseUrl}/api/sync/push`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: `Device ${this.token}` },
			body: JSON.stringify({ deviceId: this.deviceId, actions })
		});
		if (res.status !== 200) throw new Error(`push: HTTP ${res.status} ${await res.text()}`);
		const body = (await res.json()) as PushResponse;
		const bad = body.results.filter((r) => r.status !== 'applied');
		if (bad.length || body.results.length !== ids.length)
			throw new Error(`push: ${bad.length} not applied, e.g. ${JSON.stringify(bad[0])}`);
	}

	/** How many reservations the server holds, and its change cursor (a full pull). */
	async census(prefix = ''): Promise<{ reservations: number; cursor: number }> {
		let cursor = 0;
		const ids = new Set<string>();
		for (;;) {
			const res = await fetch(`${this.baseUrl}/api/sync/pull?cursor=${cursor}`, {
				headers: { authorization: `Device ${this.token}` }
			});
			if (!res.ok) throw new Error(`pull: HTTP ${res.status}`);
			const body = (await res.json()) as {
				cursor: number;
				more: boolean;
				reservations: { id: string }[];
			};
			for (const r of body.reservations) if (r.id.startsWith(prefix)) ids.add(r.id);
			if (!body.more || body.cursor === cursor) return { reservations: ids.size, cursor };
			cursor = body.cursor;
		}
	}
}

/** Grows the server's board to `total` reservations with intakes pushed in batches of 200. */
export async function growBoard(kiosk: NodeKiosk, have: number, total: number): Promise<void> {
	for (let i = have; i < total; i += 200) {
		const ids = Array.from(
			{ length: Math.min(200, total - i) },
			(_, k) => `KB-B${String(i + k).padStart(6, '0')}`
		);
		await kiosk.pushIntakes(ids, i);
	}
}
