import { Action } from '../../src/lib/domain/actions';
import { demoIntake } from '../../src/lib/server/seed';
import {
	deviceAuthHeader,
	type ActionResult,
	type PullResponse,
	type WireAction
} from '../../src/lib/sync/contract';
import { sleep } from './processes';

/**
 * Enrols one device with a one-time enrolment code and returns its credential. The only place
 * the harness enrols.
 */
export async function enrolDevice(
	baseUrl: string,
	label: string,
	code: string
): Promise<{ deviceId: string; token: string }> {
	const res = await fetch(`${baseUrl}/api/devices/enrol`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ label, code })
	});
	if (!res.ok) throw new Error(`enrol ${label}: HTTP ${res.status} ${await res.text()}`);
	const body = (await res.json()) as { deviceId: string; token: string };
	return { deviceId: body.deviceId, token: body.token };
}

/** What one action ended as, from the kiosk's point of view. */
export interface Sent {
	deviceId: string;
	rev: number;
	type: string;
	reservationId: string;
	/** The final answer the kiosk was given; null = it never got one (gave up). */
	result: ActionResult | null;
}

export interface Hint {
	at: number;
	cursor: number;
	/** Index of the app server whose stream carried it. */
	server: number;
	/** The first event of a (re)connected stream: the cursor then, not a commit. */
	initial: boolean;
}

export interface PushSample {
	ms: number;
	actions: number;
	server: number;
	attempts: number;
}

/** Maps `X-Kilnboard-Upstream: 127.0.0.1:3001[, 127.0.0.1:3002]` to a server index. */
export type UpstreamOf = (header: string | null) => number;

/**
 * A simulated kiosk through the load balancer: pushes intakes and confirmations with its own
 * queue revisions (a lost answer is resent with the same revisions, like the outbox), listens
 * on the event stream and pulls on every hint into a local copy of the board.
 */
export class ClusterKiosk {
	private rev = 0;
	private cursor = 0;
	private pulling: Promise<void> | null = null;
	private pullAgain = false;
	private stopped = false;
	private stream: AbortController | null = null;
	readonly board = new Map<string, number>();
	readonly sent: Sent[] = [];
	readonly hints: Hint[] = [];
	readonly pushes: PushSample[] = [];
	/** Unconfirmed reservations this kiosk created, with the version it was told. */
	private open: { id: string; version: number }[] = [];
	streamsOpened = 0;
	pullGapMs = 1000;
	transportRetries = 0;
	private seq = 0;

	constructor(
		readonly baseUrl: string,
		readonly deviceId: string,
		readonly token: string,
		private readonly upstreamOf: UpstreamOf,
		private readonly tag: string
	) {}

	private get auth() {
		return { authorization: `Device ${this.token}` };
	}

	/** Keeps one event stream open (reconnecting like EventSource) until `stop()`. */
	listen(): void {
		void (async () => {
			while (!this.stopped) {
				const ac = new AbortController();
				this.stream = ac;
				try {
					// A fetch-based stream sends the credential as a header (never in the URL).
					const res = await fetch(`${this.baseUrl}/api/sync/events`, {
						signal: ac.signal,
						headers: { authorization: deviceAuthHeader(this.token) }
					});
					if (res.ok && res.body) {
						this.streamsOpened++;
						const server = this.upstreamOf(res.headers.get('x-kilnboard-upstream'));
						await this.read(res.body, server);
					}
				} catch {
					// refused / reset / aborted: reconnect below
				}
				if (!this.stopped) await sleep(100 + Math.random() * 200);
			}
		})();
	}

	private async read(body: ReadableStream<Uint8Array>, server: number): Promise<void> {
		const reader = body.getReader();
		const dec = new TextDecoder();
		let buf = '';
		let first = true;
		for (;;) {
			const { done, value } = await reader.read();
			if (done) return;
			buf += dec.decode(value, { stream: true });
			let end: number;
			while ((end = buf.indexOf('\n\n')) >= 0) {
				const block = buf.slice(0, end);
				buf = buf.slice(end + 2);
				const data = /^data: (.*)$/m.exec(block)?.[1];
				if (!data) continue;
				const cursor = Number((JSON.parse(data) as { cursor: number }).cursor);
				this.hints.push({ at: performance.now(), cursor, server, initial: first });
				first = false;
				this.requestPull();
			}
		}
	}

	/** Pulls until caught up; a hint during a pull schedules one more. */
	requestPull(): Promise<void> {
		if (this.pulling) {
			this.pullAgain = true;
			return this.pulling;
		}
		this.pulling = (async () => {
			do {
				this.pullAgain = false;
				await this.pullOnce().catch(() => {
					// a failed pull is retried on the next hint or the final pull
				});
				// Like the kiosk's single-flight drainer: hints during a pull make one more pull.
				if (this.pullAgain) await sleep(this.pullGapMs);
			} while (this.pullAgain && !this.stopped);
		})().finally(() => (this.pulling = null));
		return this.pulling;
	}

	private async pullOnce(): Promise<void> {
		for (;;) {
			const res = await fetch(`${this.baseUrl}/api/sync/pull?cursor=${this.cursor}`, {
				headers: this.auth
			});
			if (!res.ok) throw new Error(`pull HTTP ${res.status}`);
			const body = (await res.json()) as PullResponse;
			for (const r of body.reservations) this.board.set(r.id, r.version);
			const moved = body.cursor !== this.cursor;
			this.cursor = body.cursor;
			if (!body.more || !moved) return;
		}
	}

	/** A full catch-up after everything stopped: pulls until the server has nothing newer. */
	async finalPull(): Promise<void> {
		await this.pulling;
		for (let i = 0; i < 5; i++) {
			try {
				await this.pullOnce();
				return;
			} catch {
				await sleep(300);
			}
		}
		throw new Error(`kiosk ${this.deviceId} could not pull`);
	}

	/** One step of the workload: confirm an open card of ours, or take in 1–3 new ones. */
	async step(): Promise<void> {
		const actions: WireAction[] = [];
		if (this.open.length && Math.random() < 0.4) {
			const card = this.open.shift()!;
			actions.push(this.wire(confirmAction(), card.id, card.version));
		} else {
			const n = 1 + Math.floor(Math.random() * 3);
			for (let k = 0; k < n; k++) {
				const id = `KB-C${this.tag}-${String(++this.seq).padStart(4, '0')}`;
				actions.push(this.wire(Action.parse(demoIntake(this.seq, null)), id, 0));
			}
		}
		await this.push(actions);
	}

	/** Pushes intakes as one batch (the fault probes use a big one). */
	async pushIntakes(n: number, prefix: string, baseUrl = this.baseUrl, timeoutMs = 20_000) {
		const actions = Array.from({ length: n }, (_, k) =>
			this.wire(Action.parse(demoIntake(k, null)), `${prefix}-${String(k).padStart(4, '0')}`, 0)
		);
		return this.push(actions, baseUrl, 60_000, timeoutMs);
	}

	private wire(action: Action, id: string, base: number): WireAction {
		return {
			...action,
			queueRevision: ++this.rev,
			actorUid: 'staff-sam',
			reservationId: id,
			baseVersion: base,
			createdAt: new Date().toISOString()
		} as WireAction;
	}

	/**
	 * Sends a batch until the server answers it (200) — resending the same revisions after a
	 * lost answer, as the outbox does — or until the give-up deadline. Records every outcome.
	 */
	async push(
		actions: WireAction[],
		baseUrl = this.baseUrl,
		giveUpMs = 30_000,
		timeoutMs = 20_000
	): Promise<{
		results: ActionResult[] | null;
		attempts: number;
		server: number;
		failures: string[];
	}> {
		const body = JSON.stringify({ deviceId: this.deviceId, actions });
		const t0 = performance.now();
		const failures: string[] = [];
		for (let attempt = 1; ; attempt++) {
			let why: string;
			try {
				const res = await fetch(`${baseUrl}/api/sync/push`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', ...this.auth },
					body,
					signal: AbortSignal.timeout(timeoutMs)
				});
				const server = this.upstreamOf(res.headers.get('x-kilnboard-upstream'));
				if (res.status === 200) {
					const { results } = (await res.json()) as { results: ActionResult[] };
					this.pushes.push({
						ms: performance.now() - t0,
						actions: actions.length,
						server,
						attempts: attempt
					});
					this.record(actions, results);
					return { results, attempts: attempt, server, failures };
				}
				why = `HTTP ${res.status}`;
				await res.body?.cancel();
				if (res.status < 500 && res.status !== 429) {
					this.record(actions, null);
					return { results: null, attempts: attempt, server, failures: [...failures, why] };
				}
			} catch (err) {
				why = (err as Error).name === 'TimeoutError' ? 'timeout' : 'connection lost';
			}
			failures.push(why);
			this.transportRetries++;
			// Direct pushes to one server fall back to the load balancer, like a kiosk would.
			baseUrl = this.baseUrl;
			if (performance.now() - t0 > giveUpMs) {
				this.record(actions, null);
				return { results: null, attempts: attempt, server: -1, failures };
			}
			await sleep(100 + Math.random() * 200);
		}
	}

	private record(actions: WireAction[], results: ActionResult[] | null): void {
		actions.forEach((a, i) => {
			const result = results?.find((r) => r.queueRevision === a.queueRevision) ?? null;
			this.sent.push({
				deviceId: this.deviceId,
				rev: a.queueRevision,
				type: a.type,
				reservationId: a.reservationId!,
				result
			});
			if (a.type === 'reservation.intake' && result?.status === 'applied' && result.reservation)
				this.open.push({ id: a.reservationId!, version: result.reservation.version });
			void i;
		});
	}

	stop(): void {
		this.stopped = true;
		this.stream?.abort();
	}
}

const confirmAction = () =>
	Action.parse({
		type: 'reservation.status',
		payload: { status: 'CONFIRMED', staffNotes: null, expectation: null }
	});
