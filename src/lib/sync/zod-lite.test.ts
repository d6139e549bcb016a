// The kiosk's schema build (zod-lite over zod/mini) against the server's (classic zod): the same
// schema modules loaded twice, once per build, must agree on the structure of every exported
// schema and on every parse (success, data with defaults, issue paths and messages).
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { z as classicZ } from 'zod';
import { toJSONSchema } from 'zod/mini';
import { scenarioSource, scenarioSteps } from '../../testing/domain/export-fixtures';
import { DEMO_STATIONS } from '../domain/stations';
import { z as liteZ } from './zod-lite';

/** Every module the browser build may take schemas from, so a new one is covered unasked. */
const SCHEMA_MODULES = import.meta.glob([
	'../domain/**/*.ts',
	'./*.ts',
	'!**/*.test.ts',
	'!./zod-lite.ts'
]);

async function load(lite: boolean) {
	vi.resetModules();
	if (lite) vi.doMock('zod', () => import('./zod-lite'));
	else vi.doUnmock('zod');
	const all = Object.fromEntries(
		await Promise.all(
			Object.entries(SCHEMA_MODULES).map(async ([path, get]) => [path, await get()] as const)
		)
	) as Record<string, Record<string, unknown>>;
	return {
		all,
		actions: await import('../domain/actions'),
		effects: await import('../domain/effects'),
		intake: await import('../domain/intake'),
		outcome: await import('../domain/outcome'),
		reservation: await import('../domain/reservation'),
		stations: await import('../domain/stations'),
		text: await import('../domain/text'),
		exportSchema: await import('../domain/export/schema'),
		contract: await import('./contract'),
		publicRequest: await import('./public-request'),
		pin: await import('./pin')
	};
}

type Schema = { safeParse: (x: unknown) => { success: boolean; data?: unknown; error?: unknown } };
const isSchema = (x: unknown): x is Schema =>
	typeof x === 'object' && x !== null && '_zod' in x && 'safeParse' in x;

/** Every exported schema of every module, by `module.name`. */
function schemasOf(mods: Record<string, Record<string, unknown>>): Map<string, Schema> {
	const out = new Map<string, Schema>();
	for (const [mod, exports] of Object.entries(mods))
		for (const [name, value] of Object.entries(exports))
			if (isSchema(value)) out.set(`${mod}.${name}`, value);
	return out;
}

const structure = (s: Schema) =>
	JSON.stringify(
		toJSONSchema(s as never, { unrepresentable: 'any', io: 'input', cycles: 'ref' } as never)
	);

function outcome(s: Schema, input: unknown) {
	const r = s.safeParse(input);
	if (r.success) return { ok: true, data: r.data };
	const issues = (r.error as { issues: { path: unknown[]; message: string; code: string }[] })
		.issues;
	return { ok: false, issues: issues.map((i) => ({ path: i.path, code: i.code, m: i.message })) };
}

/** Valid samples and, for each, variants with one field dropped, nulled, emptied or overlong. */
function variants(sample: unknown, depth = 2): unknown[] {
	const out: unknown[] = [sample];
	if (depth === 0 || typeof sample !== 'object' || sample === null) return out;
	const entries = Array.isArray(sample)
		? sample.slice(0, 2).map((v, i) => [i, v])
		: Object.entries(sample);
	for (const [key, value] of entries) {
		const withValue = (v: unknown) =>
			Array.isArray(sample)
				? sample.map((x, i) => (i === key ? v : x))
				: { ...(sample as object), [key]: v };
		if (!Array.isArray(sample)) {
			const { [key as string]: _dropped, ...rest } = sample as Record<string, unknown>;
			void _dropped;
			out.push(rest);
		}
		for (const bad of [null, '', ' x ', 'x'.repeat(2100), '\u0000', -1, 0.5, 1e9, true, []])
			out.push(withValue(bad));
		for (const inner of variants(value, depth - 1).slice(1)) out.push(withValue(inner));
	}
	return out;
}

const source = scenarioSource();
const steps = scenarioSteps();
const instant = '2026-11-20T09:00:00.000Z';
const wire = steps.map((s, i) => ({
	...s.action,
	queueRevision: i + 1,
	actorUid: 'staff-sam',
	reservationId: s.reservationId,
	baseVersion: i,
	createdAt: instant
}));
const pull = {
	cursor: 12,
	more: false,
	serverTime: instant,
	// Two of each: `variants` walks into the first two items of every array.
	reservations: source.reservations.slice(0, 2),
	stations: DEMO_STATIONS.slice(0, 2),
	notifications: source.notifications.slice(0, 2),
	fairnessAudit: source.fairnessAudit.slice(0, 2),
	storageAudit: source.storageAudit.slice(0, 2),
	roster: [
		{
			uid: 'staff-sam',
			name: 'Sam',
			role: 'staff',
			active: true,
			pinSalt: 's',
			pinHash: 'h',
			pinKdf: 'k'
		}
	],
	timeZone: 'Europe/Berlin',
	digest: 'ab'.repeat(16)
};
const push = {
	serverTime: instant,
	results: [
		{
			queueRevision: 1,
			status: 'applied',
			replay: false,
			noop: false,
			reservation: source.reservations[0],
			appliedAt: instant
		},
		{
			queueRevision: 2,
			status: 'rejected',
			replay: false,
			code: 'stale',
			message: 'm',
			details: { v: 1 },
			reservation: null,
			appliedAt: instant
		}
	]
};

describe('zod-lite (kiosk build) and classic zod (server build)', () => {
	it('export the same schemas with the same structure', async () => {
		const classic = schemasOf((await load(false)).all);
		const lite = schemasOf((await load(true)).all);
		expect([...lite.keys()].sort()).toEqual([...classic.keys()].sort());
		expect(classic.size).toBeGreaterThan(30);
		for (const [name, s] of classic) expect(structure(lite.get(name)!), name).toBe(structure(s));
	});

	it('parse every sample and every broken variant alike', async () => {
		const classic = await load(false);
		const lite = await load(true);
		const cases: [string, (m: typeof classic) => Schema, unknown[]][] = [
			['Action', (m) => m.actions.Action, steps.flatMap((s) => variants(s.action, 3))],
			['WireAction', (m) => m.contract.WireAction, wire.slice(0, 3).flatMap((w) => variants(w))],
			[
				'Reservation',
				(m) => m.reservation.Reservation,
				source.reservations.slice(0, 2).flatMap((r) => variants(r))
			],
			['PullResponse', (m) => m.contract.PullResponse, variants(pull, 3)],
			['PushResponse', (m) => m.contract.PushResponse, variants(push, 4)],
			[
				'EnrolResponse',
				(m) => m.contract.EnrolResponse,
				variants({ deviceId: 'dev_abcdefgh12', token: 't', label: 'Front' })
			],
			[
				'EnrolRequest',
				(m) => m.contract.EnrolRequest,
				variants({ label: ' Front ', code: 'abcd-efgh-23' })
			],
			[
				'Reason',
				(m) => m.text.Reason,
				['ok', 'fine reason', ' padded  ', '\ud800 x', 'x'.repeat(501)]
			]
		];
		let compared = 0;
		let failures = 0;
		for (const [name, pick, inputs] of cases) {
			expect(inputs.length, name).toBeGreaterThan(1);
			for (const input of inputs) {
				const want = outcome(pick(classic), input);
				const got = outcome(pick(lite), input);
				// Compared cheaply first; a mismatch is then reported with its input.
				if (!isDeepStrictEqual(got, want))
					expect(got, `${name} ${JSON.stringify(input).slice(0, 300)}`).toEqual(want);
				compared++;
				if (!want.ok) failures++;
			}
		}
		// The corpus must exercise both sides of the checks.
		expect(failures).toBeGreaterThan(100);
		expect(compared - failures).toBeGreaterThan(20);
	});

	it('really is the mini build (no classic methods on its schemas)', async () => {
		const lite = await load(true);
		const classic = await load(false);
		expect('superRefine' in lite.actions.Action).toBe(false);
		expect('superRefine' in classic.actions.Action).toBe(true);
		expect(lite.actions.ACTION_TYPES).toEqual(classic.actions.ACTION_TYPES);
		expect(lite.outcome.FAILURE_CODES).toEqual(classic.outcome.FAILURE_CODES);
	});

	it('the methods no module uses yet parse as classic zod does', () => {
		type Z = typeof liteZ;
		const makes: ((z: Z) => unknown)[] = [
			(z) => (z.string() as unknown as { nonempty: () => unknown }).nonempty(),
			(z) => (z.number() as unknown as { positive: () => unknown }).positive(),
			(z) => (z.number() as unknown as { nonnegative: () => unknown }).nonnegative(),
			(z) => (z.number() as unknown as { gt: (n: number) => unknown }).gt(2),
			(z) => (z.number() as unknown as { lt: (n: number) => unknown }).lt(2),
			(z) => (z.string() as unknown as { startsWith: (p: string) => unknown }).startsWith('KB-'),
			(z) => (z.number() as unknown as { catch: (v: number) => unknown }).catch(7)
		];
		const inputs = ['', 'KB-1', 'x', 0, -1, 1, 2, 3, null];
		for (const make of makes)
			for (const input of inputs)
				expect(outcome(make(liteZ) as Schema, input), `${make} ${input}`).toEqual(
					outcome(make(classicZ as unknown as Z) as Schema, input)
				);
	});
});
