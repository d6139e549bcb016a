import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { afterEach, describe, expect, it } from 'vitest';
import { handle } from '../../hooks.server';
import { Faults } from './faults';
import { testHooksHandle } from './install';
import { testHooksServer } from './testing';
import type { TestDeps } from './test-deps';

const ROUTES = join(import.meta.dirname, '../../routes');

function routeDirs(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true })
		.filter((e) => e.isDirectory())
		.flatMap((e) => [join(dir, e.name), ...routeDirs(join(dir, e.name))]);
}

function call(h: typeof handle, method: string, path: string, body?: string, status = 200) {
	const seen: string[] = [];
	const event = {
		url: new URL(`http://kiosk.test${path}`),
		request: new Request(`http://kiosk.test${path}`, { method, body })
	} as RequestEvent;
	const resolve = async (e: RequestEvent, _opts?: ResolveOptions) => {
		seen.push(e.url.pathname);
		return new Response(JSON.stringify({ routed: true }), { status });
	};
	return { seen, res: Promise.resolve(h({ event, resolve })) };
}

describe('test hooks off (a production start)', () => {
	it('no route exists under /api/test, and the handle hands every request to the router', async () => {
		const ids = routeDirs(ROUTES).map((d) => '/' + relative(ROUTES, d).replaceAll('\\', '/'));
		expect(ids).toContain('/api/sync/push');
		expect(ids.filter((id) => id.startsWith('/api/test'))).toEqual([]);
		for (const path of ['/api/test/faults', '/api/test/storage-evaluate', '/api/sync/push']) {
			const body = path.endsWith('faults') ? '{"dropResponsesAfterCommit":5}' : '{}';
			const { seen, res } = call(handle, 'POST', path, body, 404);
			expect((await res).status).toBe(404);
			expect(seen).toEqual([path]);
		}
	});
});

describe('test hooks on', () => {
	let deps: TestDeps | null = null;
	afterEach(async () => {
		await deps?.store.close();
		deps = null;
	});

	it('answers /api/test/faults, drops the next push answers, shifts the clock, runs the evaluator', async () => {
		deps = await testHooksServer('pglite');
		const faults = deps.faults;
		const h = testHooksHandle(faults, async () => deps!);
		const set = call(
			h,
			'POST',
			'/api/test/faults',
			'{"dropResponsesAfterCommit":1,"clockOffsetMs":86400000}'
		);
		const r = await set.res;
		expect(r.status).toBe(200);
		expect(await r.json()).toEqual({ dropResponsesAfterCommit: 1, clockOffsetMs: 86_400_000 });
		expect(set.seen).toEqual([]);
		expect(Date.parse(deps.now()) - Date.now()).toBeGreaterThan(86_000_000);

		const lost = call(h, 'POST', '/api/sync/push', '{}');
		expect((await lost.res).status).toBe(502);
		expect(lost.seen).toEqual(['/api/sync/push']);
		const next = call(h, 'POST', '/api/sync/push', '{}');
		expect((await next.res).status).toBe(200);

		const bad = await call(h, 'POST', '/api/test/faults', '{"clockOffsetMs":"soon"}').res;
		expect(bad.status).toBe(400);
		const evaluated = await call(h, 'POST', '/api/test/storage-evaluate').res;
		expect(evaluated.status).toBe(200);
		expect(await evaluated.json()).toMatchObject({ examined: 0 });
	});

	it('a fresh switch set drops nothing and keeps the real clock', () => {
		const f = new Faults();
		expect(f.takeDrop()).toBe(false);
		expect(f.clockOffsetMs).toBe(0);
	});
});
