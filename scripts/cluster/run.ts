/**
 * `npm run test:cluster`: three built app servers on one throwaway PostgreSQL behind nginx,
 * 50+ simulated kiosks through nginx, and faults (SIGKILL mid-push, SIGTERM mid-push, LISTEN
 * connections cut). Checks exactly-once apply, convergence, exactly-once notification delivery
 * and cross-server live hints; prints a PASS/FAIL summary, exits 1 on any failure.
 *
 * `--figures`: push throughput and latency with 1, 2 and 3 servers (docs/PERFORMANCE.md).
 * Needs `npm run build` first (it never builds), nginx and the PostgreSQL binaries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { MIGRATIONS } from '../../src/lib/server/migrations';
import { startThrowawayPostgres } from '../../vitest.setup-pg';
import { freePort } from '../bench/server';
import { percentile, round } from '../bench/stats';
import { createEnrolCode } from '../../src/lib/server/devices';
import { openPostgres } from '../../src/lib/server/store/postgres';
import { ClusterKiosk, enrolDevice, type Sent } from './kiosk';
import { AppServer, Nginx, WebhookReceiver, children, sleep } from './processes';

const KIOSKS = Number(process.env.CLUSTER_KIOSKS ?? 50);
const KILL_BATCH = 20;
// Pause between a kiosk's pushes (ms, plus up to as much again): ≈ 11 pushes/s for 50 kiosks (a busy studio group's peak; capacity is measured by --figures).
const THINK_MS = Number(process.env.CLUSTER_THINK_MS ?? 3000);
const HARD_LIMIT_MS = Number(process.env.CLUSTER_TIMEOUT_MS ?? 300_000);

interface Cluster {
	dbUrl: string;
	servers: AppServer[];
	nginx: Nginx;
	upstreamOf(header: string | null): number;
	stop(): Promise<void>;
}

async function startCluster(
	dbUrl: string,
	n: number,
	dir: string,
	webhook: string
): Promise<Cluster> {
	const ports = await Promise.all(Array.from({ length: n }, () => freePort()));
	const servers = ports.map(
		(port, i) =>
			new AppServer(i, port, {
				DATABASE_URL: dbUrl,
				NOTIFY_WEBHOOK_URL: webhook,
				NOTIFY_INTERVAL_MS: '1000',
				// A SIGKILLed server's claims come back within the test (production: 120 s).
				NOTIFY_LEASE_MS: '8000',
				PG_POOL_MAX: '10',
				PG_STATEMENT_TIMEOUT_MS: '15000',
				// Long enough for a 20-action push to finish on a busy 2-core machine.
				SHUTDOWN_TIMEOUT: '40',
				KILNBOARD_TEST_HOOKS: '0'
			})
	);
	// All at once: migrations and the demo seed must still happen exactly once.
	await Promise.all(servers.map((s) => s.start()));
	const nginx = new Nginx(mkdtempSync(join(dir, 'nginx-')));
	await nginx.start(ports);
	const byPort = new Map(ports.map((p, i) => [String(p), i]));
	return {
		dbUrl,
		servers,
		nginx,
		upstreamOf: (h) => {
			const last = h?.split(',').pop()?.trim() ?? '';
			return byPort.get(last.split(':').pop() ?? '') ?? -1;
		},
		stop: async () => {
			await nginx.stop();
			await Promise.all(servers.map((s) => s.stop('SIGKILL')));
		}
	};
}

/**
 * Enrols `n` kiosks one after another (enrolment attempts are rate-limited per address, and every
 * kiosk comes through nginx's one address), each with a one-time code an operator would make with
 * `npm run devices -- code` — here written straight into the shared database.
 */
async function enrolAll(c: Cluster, n: number, tag: string): Promise<ClusterKiosk[]> {
	const store = await openPostgres({ url: c.dbUrl, max: 1 });
	const out: ClusterKiosk[] = [];
	try {
		for (let i = 0; i < n; i++) {
			const { code } = await createEnrolCode(store, {
				createdBy: null,
				via: 'cluster-test',
				at: new Date().toISOString()
			});
			const d = await enrolDevice(c.nginx.url, `Cluster kiosk ${tag}${i}`, code);
			out.push(new ClusterKiosk(c.nginx.url, d.deviceId, d.token, c.upstreamOf, `${tag}${i}`));
		}
	} finally {
		await store.close();
	}
	return out;
}

/** Probe pushes: one intake through nginx every `everyMs`; which server committed it, when. */
interface Probe {
	id: string;
	/** When the push was sent, and when its answer (so: the commit) came back. */
	at: number;
	answered: number;
	server: number;
}

async function probeLoop(k: ClusterKiosk, probes: Probe[], until: () => boolean, everyMs = 250) {
	let i = 0;
	while (!until()) {
		const prefix = `KB-P-${String(i++).padStart(5, '0')}`;
		const id = `${prefix}-0000`;
		const at = performance.now();
		const r = await k.pushIntakes(1, prefix);
		if (r.results?.[0]?.status === 'applied')
			probes.push({ id, at, answered: performance.now(), server: r.server });
		await sleep(everyMs);
	}
}

/**
 * Delay from a probe's commit on server S to the first hint covering it on each kiosk stream
 * connected to another server. The commit instant is taken as the earliest evidence of it: the
 * push's answer, or the first hint on a stream of S itself (a busy machine delays the answer).
 * A stream that (re)connected after the commit (its first event covers it) is not a sample.
 */
async function hintDelays(db: pg.Client, probes: Probe[], kiosks: ClusterKiosk[], after = 0) {
	const seqs = new Map(
		(
			await db.query<{ id: string; seq: string }>(
				'SELECT reservation_id AS id, min(seq) AS seq FROM change_log WHERE reservation_id = ANY($1) GROUP BY 1',
				[probes.map((p) => p.id)]
			)
		).rows.map((r) => [r.id, Number(r.seq)])
	);
	const samples: number[] = [];
	let missed = 0;
	for (const p of probes) {
		if (p.at < after) continue;
		const seq = seqs.get(p.id);
		if (!seq) continue;
		const firsts = kiosks.map((k) => k.hints.find((x) => x.cursor >= seq && x.at >= p.at));
		const local = firsts.filter((h) => h && !h.initial && h.server === p.server).map((h) => h!.at);
		const origin = Math.min(p.answered, ...local);
		for (const h of firsts) {
			if (!h) {
				missed++;
				continue;
			}
			if (h.initial || h.server === p.server || h.server < 0) continue;
			samples.push(Math.max(0, h.at - origin));
		}
	}
	return { samples, missed };
}

type Check = { name: string; ok: boolean; detail: string };

async function runFaults(dbUrl: string, dir: string): Promise<Check[]> {
	const checks: Check[] = [];
	const check = (name: string, ok: boolean, detail: string) => {
		checks.push({ name, ok, detail });
		console.log(`${ok ? 'PASS' : 'FAIL'}  ${name} — ${detail}`);
	};
	const webhook = new WebhookReceiver();
	await webhook.start();
	const db = new pg.Client({ connectionString: dbUrl });
	await db.connect();
	console.log(
		`load average before: ${loadavg()
			.map((x) => x.toFixed(1))
			.join(' ')} (2 cores shared)`
	);
	const t0 = Date.now();
	const c = await startCluster(dbUrl, 3, dir, webhook.url);
	try {
		console.log(`3 servers ready behind nginx in ${Date.now() - t0} ms (${c.nginx.url})`);
		const migs = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM migrations');
		const migLogs = c.servers.reduce((n, s) => n + s.count('migrations applied'), 0);
		const seedLogs = c.servers.reduce((n, s) => n + s.count('demo studio seeded'), 0);
		check(
			'three servers starting at once migrate and seed once',
			Number(migs.rows[0].n) === MIGRATIONS.length && migLogs === 1 && seedLogs === 1,
			`${migs.rows[0].n}/${MIGRATIONS.length} migrations, "migrations applied" logged ${migLogs}×, seeded ${seedLogs}×`
		);

		const kiosks = await enrolAll(c, KIOSKS, 'k');
		const [prober, faulty] = await enrolAll(c, 2, 'x');
		kiosks.forEach((k) => k.listen());
		const listenDeadline = Date.now() + 10_000;
		while (kiosks.some((k) => k.streamsOpened === 0) && Date.now() < listenDeadline)
			await sleep(100);
		const spread = [0, 1, 2].map((i) => kiosks.filter((k) => k.hints.at(-1)?.server === i).length);
		console.log(
			`${kiosks.length} kiosks enrolled and listening through nginx; streams per server ${spread.join('/')}`
		);

		let loadOn = true;
		const probes: Probe[] = [];
		const loops = kiosks.map(async (k) => {
			while (loadOn) {
				await k.step();
				await sleep(THINK_MS + Math.random() * THINK_MS);
			}
		});
		const probing = probeLoop(prober, probes, () => !loadOn);

		// Fault 1: SIGKILL server 1 while a 20-action push is being applied on it.
		await sleep(4000);
		const killBatch = faulty.pushIntakes(KILL_BATCH, 'KB-KILL', c.servers[1].url);
		const before = await waitForRows(db, 'KB-KILL-%', KILL_BATCH);
		await c.servers[1].stop('SIGKILL');
		const killedAt = await countRows(db, 'KB-KILL-%');
		const killed = await killBatch;
		const replays = killed.results?.filter((r) => r.replay).length ?? 0;
		const allApplied = killed.results?.every((r) => r.status === 'applied') ?? false;
		const finalRows = await countRows(db, 'KB-KILL-%');
		// One transaction per push batch: the kill finds none or all of it committed, never part.
		// A resend after a lost answer gets every committed action back as a replay.
		const atomic = killedAt === 0 || killedAt === KILL_BATCH;
		const resentKill = killed.attempts > 1;
		check(
			'a server SIGKILLed mid-push: the resent batch is applied exactly once',
			before > 0 &&
				atomic &&
				allApplied &&
				finalRows === KILL_BATCH &&
				(resentKill ? replays === killedAt : replays === 0),
			`${killedAt}/${KILL_BATCH} committed when killed (the batch is one transaction); ${resentKill ? `resent through nginx after ${killed.attempts - 1} failed attempt(s) (${killed.failures.join(', ')})` : 'answered before the kill, not resent'}: all applied=${allApplied}, ${replays} replays, ${finalRows} rows in the end`
		);
		await c.servers[1].start();
		console.log('server 1 restarted');

		// Fault 2: SIGTERM server 2 while a 20-action push is in flight on it.
		await sleep(4000);
		const opensBefore = kiosks.reduce((n, k) => n + k.streamsOpened, 0);
		const onTwo = kiosks.filter((k) => k.hints.at(-1)?.server === 2).length;
		const termBatch = faulty.pushIntakes(KILL_BATCH, 'KB-TERM', c.servers[2].url, 60_000);
		await waitForRows(db, 'KB-TERM-%', KILL_BATCH);
		const stopped = c.servers[2].stop('SIGTERM');
		const term = await termBatch;
		const exit = await stopped;
		check(
			'a server stopped with SIGTERM finishes its in-flight push and exits cleanly',
			term.attempts === 1 &&
				(term.results?.every((r) => r.status === 'applied') ?? false) &&
				exit.code === 0,
			`push answered on attempt ${term.attempts} (${term.results?.length ?? 0} results${term.failures.length ? `; before: ${term.failures.join(', ')}` : ''}), exit code ${exit.code} after ${exit.ms} ms`
		);
		await sleep(1500);
		const opensAfter = kiosks.reduce((n, k) => n + k.streamsOpened, 0);
		check(
			'its event streams closed and the kiosks reconnected to the other servers',
			// With 50 kiosks spread by nginx some listen on server 2; none at all means no stream opened.
			onTwo > 0 && opensAfter - opensBefore >= onTwo,
			`${onTwo} streams were on server 2; ${opensAfter - opensBefore} reconnections`
		);
		await c.servers[2].start();
		console.log('server 2 restarted');

		// Fault 3: cut every LISTEN connection.
		await sleep(4000);
		const cut = await db.query<{ ok: boolean }>(
			"SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = 'kilnboard-listen'"
		);
		const cutAt = performance.now();
		const relisten = await waitFor(async () => {
			const states = await Promise.all(
				c.servers.map(
					async (s) =>
						((await (await fetch(`${s.url}/healthz`)).json()) as { listening?: boolean }).listening
				)
			);
			return states.every(Boolean);
		}, 10_000);
		check(
			'cut LISTEN connections reconnect by themselves',
			cut.rowCount === 3 && relisten !== null,
			`${cut.rowCount} listeners terminated; all listening again after ${relisten === null ? 'never' : `${Math.round(relisten)} ms`}`
		);
		await sleep(5000);

		loadOn = false;
		await Promise.all(loops);
		await probing;
		const runMs = Date.now() - t0;

		// Every notification delivered, once.
		const delivered = await waitFor(async () => {
			const q = await db.query<{ n: number }>(
				"SELECT count(*)::int AS n FROM notifications WHERE doc->>'status' = 'queued'"
			);
			return Number(q.rows[0].n) === 0;
		}, 90_000);
		const notes = await db.query<{ id: string; status: string }>(
			"SELECT id, doc->>'status' AS status FROM notifications"
		);
		const notSent = notes.rows.filter((r) => r.status !== 'sent').length;
		if (notSent) {
			const why = await db.query(
				`SELECT doc->>'status' AS status, delivery_attempts, last_error, lease_until > now() AS leased,
				 next_attempt_at > now() AS backing_off, count(*)::int AS n FROM notifications
				 WHERE doc->>'status' <> 'sent' GROUP BY 1, 2, 3, 4, 5`
			);
			console.log('notifications not sent:', JSON.stringify(why.rows));
		}
		// Sends are one at a time per server: a SIGKILL can strand at most one sent-but-unmarked
		// row, resent with the same idempotency-key after its lease (the receiver drops it).
		const resent = [...webhook.deliveries.values()].reduce((n, k) => n + k - 1, 0);
		const never = notes.rows.filter((r) => !webhook.deliveries.has(r.id)).length;
		const unknown = [...webhook.deliveries.keys()].filter(
			(id) => !notes.rows.some((r) => r.id === id)
		).length;
		check(
			'every notification accepted exactly once',
			delivered !== null && notSent === 0 && resent <= 1 && never === 0 && unknown === 0,
			`${notes.rows.length} notifications, ${webhook.deliveries.size} accepted by the receiver; not sent ${notSent}, never ${never}, unknown ${unknown}; ${resent} resent after the SIGKILL (same idempotency-key, at most 1 allowed)`
		);

		// Every action applied exactly once or visibly failed.
		const everyone = [...kiosks, prober, faulty];
		const sent = everyone.flatMap((k) => k.sent);
		const verdict = await exactlyOnce(db, sent);
		check('every action applied exactly once or visibly failed', verdict.ok, verdict.detail);

		// Convergence after a final pull.
		await Promise.all(everyone.map((k) => k.stop()));
		await Promise.all(kiosks.map((k) => k.finalPull()));
		const truth = new Map(
			(
				await db.query<{ id: string; version: number }>('SELECT id, version FROM reservations')
			).rows.map((r) => [r.id, Number(r.version)])
		);
		const diverged = kiosks.filter(
			(k) => k.board.size !== truth.size || [...truth].some(([id, v]) => k.board.get(id) !== v)
		);
		check(
			'all kiosks converge to the database after a final pull',
			diverged.length === 0,
			`${kiosks.length - diverged.length}/${kiosks.length} kiosks hold the database's ${truth.size} cards at their versions`
		);

		// Live hints crossed servers within a second.
		const all = await hintDelays(db, probes, kiosks);
		const late = await hintDelays(db, probes, kiosks, cutAt + (relisten ?? 0));
		const p50 = percentile(all.samples, 50);
		const p95 = percentile(all.samples, 95);
		check(
			'live hints cross servers within a second (p95)',
			all.samples.length >= 100 && p95 < 1000 && late.samples.length >= 20,
			`${all.samples.length} cross-server samples from ${probes.length} probes: p50 ${round(p50)} ms, p95 ${round(p95)} ms, max ${round(Math.max(...all.samples))} ms; ${late.samples.length} samples after the LISTEN cut (p95 ${round(percentile(late.samples, 95))} ms)`
		);

		const pushes = kiosks.flatMap((k) => k.pushes);
		const actions = pushes.reduce((n, p) => n + p.actions, 0);
		console.log(
			`\nload: ${kiosks.length} kiosks, ${pushes.length} pushes (${actions} actions) in ${Math.round(runMs / 1000)} s; ` +
				`push p50 ${round(
					percentile(
						pushes.map((p) => p.ms),
						50
					)
				)} ms, p99 ${round(
					percentile(
						pushes.map((p) => p.ms),
						99
					)
				)} ms; ` +
				`${everyone.reduce((n, k) => n + k.transportRetries, 0)} transport retries`
		);
		console.log(`hint delay across servers: p50 ${round(p50)} ms, p95 ${round(p95)} ms`);
		if (checks.some((x) => !x.ok))
			for (const s of c.servers)
				console.log(
					`--- server ${s.index} log tail ---\n${s.log.split('\n').slice(-25).join('\n')}`
				);
		return checks;
	} catch (err) {
		for (const s of c.servers)
			console.error(`--- server ${s.index} log tail ---\n${s.log.slice(-3000)}`);
		console.error(`--- nginx ---\n${c.nginx.errorLog().slice(-3000)}`);
		throw err;
	} finally {
		await c.stop();
		await webhook.stop();
		await db.end();
	}
}

/** Compares what kiosks were told with the database's claims and cards. */
async function exactlyOnce(db: pg.Client, sent: Sent[]) {
	const devices = [...new Set(sent.map((s) => s.deviceId))];
	const rows = (
		await db.query<{ device_id: string; queue_revision: number; status: string }>(
			"SELECT device_id, queue_revision, result->>'status' AS status FROM applied_actions WHERE device_id = ANY($1)",
			[devices]
		)
	).rows;
	const stored = new Map(rows.map((r) => [`${r.device_id}:${r.queue_revision}`, r.status]));
	const told = new Map(sent.map((s) => [`${s.deviceId}:${s.rev}`, s]));
	let mismatched = 0;
	let phantom = 0;
	let unanswered = 0;
	let rejected = 0;
	for (const s of sent) {
		const db = stored.get(`${s.deviceId}:${s.rev}`);
		if (!s.result) unanswered++;
		else if (s.result.status === 'applied' && db !== 'applied') mismatched++;
		else if (s.result.status !== 'applied') {
			rejected++;
			if (db === 'applied') mismatched++;
		}
	}
	for (const key of stored.keys()) if (!told.has(key)) phantom++;
	// An action applied twice would bump the card's version twice.
	const perCard = new Map<string, { applied: number; unsure: boolean }>();
	for (const s of sent) {
		const e = perCard.get(s.reservationId) ?? { applied: 0, unsure: false };
		if (!s.result) e.unsure = true;
		else if (s.result.status === 'applied' && !s.result.noop) e.applied++;
		perCard.set(s.reservationId, e);
	}
	const versions = new Map(
		(
			await db.query<{ id: string; version: number }>(
				'SELECT id, version FROM reservations WHERE id = ANY($1)',
				[[...perCard.keys()]]
			)
		).rows.map((r) => [r.id, Number(r.version)])
	);
	let doubled = 0;
	for (const [id, e] of perCard) if (!e.unsure && (versions.get(id) ?? 0) !== e.applied) doubled++;
	const ok = mismatched === 0 && phantom === 0 && doubled === 0 && unanswered === 0;
	return {
		ok,
		detail: `${sent.length} actions: ${sent.length - rejected - unanswered} applied, ${rejected} rejected (visible), ${unanswered} unanswered; told≠stored ${mismatched}, stored but never sent ${phantom}, cards with a wrong version ${doubled} of ${perCard.size}`
	};
}

async function countRows(db: pg.Client, like: string): Promise<number> {
	const r = await db.query<{ n: number }>(
		'SELECT count(*)::int AS n FROM reservations WHERE id LIKE $1',
		[like]
	);
	return Number(r.rows[0].n);
}

/** Waits until some (not all) of a batch committed: the moment to strike. */
async function waitForRows(db: pg.Client, like: string, total: number): Promise<number> {
	const deadline = Date.now() + 10_000;
	for (;;) {
		const n = await countRows(db, like);
		if ((n >= 3 && n < total) || Date.now() > deadline) return n;
		await sleep(5);
	}
}

/** Polls until `cond` holds; resolves with the ms it took, or null at the timeout. */
async function waitFor(cond: () => Promise<boolean>, timeoutMs: number): Promise<number | null> {
	const t0 = performance.now();
	while (performance.now() - t0 < timeoutMs) {
		try {
			if (await cond()) return performance.now() - t0;
		} catch {
			// not yet answering
		}
		await sleep(100);
	}
	return null;
}

/** Push throughput and latency for 50 kiosks on 1, 2 and 3 servers (fresh database each). */
async function runFigures(adminUrl: string, dir: string): Promise<void> {
	const webhook = new WebhookReceiver();
	await webhook.start();
	const rowsOut: string[] = [];
	const seconds = Number(process.env.CLUSTER_FIGURE_SECONDS ?? 20);
	const listen = process.env.CLUSTER_FIGURE_LISTEN !== '0';
	console.log(
		`${KIOSKS} kiosks, closed loop, ${seconds} s per row, ${listen ? 'every kiosk listens and pulls on hints' : 'push only (10 kiosks listen)'}; load average ${loadavg()
			.map((x) => x.toFixed(1))
			.join(' ')}`
	);
	for (const n of [1, 2, 3]) {
		const admin = new pg.Client({ connectionString: adminUrl });
		await admin.connect();
		await admin.query(`CREATE DATABASE kb_fig_${n}`);
		const dbUrl = adminUrl.replace(/\/[^/]+$/, `/kb_fig_${n}`);
		const db = new pg.Client({ connectionString: dbUrl });
		const c = await startCluster(dbUrl, n, dir, webhook.url);
		await db.connect();
		try {
			const kiosks = await enrolAll(c, KIOSKS, `f${n}-`);
			const [prober] = await enrolAll(c, 1, `p${n}-`);
			// CLUSTER_FIGURE_LISTEN=0: push only (no streams, no pulls), to isolate the apply path.
			if (listen) kiosks.forEach((k) => k.listen());
			else kiosks.slice(0, 10).forEach((k) => k.listen()); // a few, for the hint delay
			await sleep(1000);
			let on = true;
			const probes: Probe[] = [];
			const t0 = performance.now();
			const loops = kiosks.map(async (k) => {
				while (on) await k.step();
			});
			const probing = probeLoop(prober, probes, () => !on, 200);
			await sleep(seconds * 1000);
			on = false;
			await Promise.all(loops);
			await probing;
			const elapsed = (performance.now() - t0) / 1000;
			const pushes = kiosks.flatMap((k) => k.pushes);
			const actions = pushes.reduce((s, p) => s + p.actions, 0);
			const ms = pushes.map((p) => p.ms);
			const hints = n > 1 ? await hintDelays(db, probes, kiosks) : { samples: [] as number[] };
			kiosks.forEach((k) => k.stop());
			const line = `| ${n} | ${KIOSKS} | ${round(actions / elapsed)} | ${round(pushes.length / elapsed)} | ${round(percentile(ms, 50))} | ${round(percentile(ms, 99))} | ${
				n > 1
					? `${round(percentile(hints.samples, 50))} / ${round(percentile(hints.samples, 95))}`
					: '—'
			} |`;
			console.log(line);
			rowsOut.push(line);
		} finally {
			await db.end();
			await c.stop();
			await admin.end();
		}
	}
	await webhook.stop();
	console.log(
		`load average after: ${loadavg()
			.map((x) => x.toFixed(1))
			.join(' ')}`
	);
	console.log(
		`\n| servers | kiosks | actions/s | pushes/s | push p50 ms | push p99 ms | cross-server hint p50 / p95 ms |\n|---|---|---|---|---|---|---|\n${rowsOut.join('\n')}`
	);
}

let pgServer: { url: string; stop: () => void } | null = null;

async function main(): Promise<number> {
	const figures = process.argv.includes('--figures');
	const dir = mkdtempSync(join(tmpdir(), 'kilnboard-cluster-'));
	const hard = setTimeout(() => {
		console.error(`cluster test: FAIL (no result within ${HARD_LIMIT_MS / 1000} s)`);
		for (const p of children) p.kill('SIGKILL');
		pgServer?.stop();
		process.exit(1);
	}, HARD_LIMIT_MS);
	hard.unref();
	const db = await startThrowawayPostgres();
	pgServer = db;
	try {
		if (figures) {
			await runFigures(db.url, dir);
			return 0;
		}
		const checks = await runFaults(db.url, dir);
		const failed = checks.filter((c) => !c.ok);
		console.log(
			`\ncluster test: ${failed.length ? 'FAIL' : 'PASS'} (${checks.length - failed.length}/${checks.length} checks passed)`
		);
		for (const f of failed) console.log(`  failed: ${f.name}`);
		return failed.length ? 1 : 0;
	} catch (err) {
		console.error(`cluster test: FAIL (${(err as Error).stack ?? String(err)})`);
		return 1;
	} finally {
		db.stop();
		rmSync(dir, { recursive: true, force: true });
	}
}

process.exit(await main());
