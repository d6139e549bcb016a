import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The import boundaries are lint rules (eslint.boundaries.js); these lint in-memory files placed
// in each folder and check that `npm run lint` would fail on the wrong imports.
const ROOT = join(import.meta.dirname, '../..');
let eslint: ESLint;

beforeAll(() => {
	eslint = new ESLint({ cwd: ROOT });
});

/** One entry per refused import line (several patterns may name the same import). */
async function errors(filePath: string, code: string): Promise<string[]> {
	const [result] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
	const byLine = new Map<number, string>();
	for (const m of result.messages)
		if (m.severity === 2 && !byLine.has(m.line)) byLine.set(m.line, `${m.ruleId}: ${m.message}`);
	return [...byLine.values()];
}

const restricted = expect.stringMatching(/^no-restricted-imports: /);

describe('import boundaries fail the lint', () => {
	it('a domain file importing client code', async () => {
		const code = "import { KilnDb } from '../client/db';\n\nexport const db = KilnDb;\n";
		const found = await errors('src/lib/domain/wrong-import.ts', code);
		expect(found).toEqual([restricted]);
		expect(found[0]).toContain('The domain imports only itself');
	});

	it('a domain file importing a package other than zod, or the kiosk by alias', async () => {
		const code =
			"import Dexie from 'dexie';\nimport { getKiosk } from '$lib/client/kiosk.svelte';\n\nexport const x = [Dexie, getKiosk];\n";
		expect(await errors('src/lib/domain/export/wrong-import.ts', code)).toEqual([
			restricted,
			restricted
		]);
	});

	it('lets the domain import itself and zod', async () => {
		const code =
			"import { z } from 'zod';\nimport { Reservation } from './reservation';\n\nexport const x = [z, Reservation];\n";
		expect(await errors('src/lib/domain/right-import.ts', code)).toEqual([]);
	});

	it('the wire contract importing client or server code', async () => {
		const code =
			"import { KilnDb } from '../client/db';\nimport { handlePush } from '../server/push';\n\nexport const x = [KilnDb, handlePush];\n";
		expect(await errors('src/lib/sync/wrong-import.ts', code)).toEqual([restricted, restricted]);
	});

	it('client code importing server code; server code importing client code', async () => {
		const client =
			"import { handlePush } from '../server/push';\nimport { migrate } from '$lib/server/migrations';\n\nexport const x = [handlePush, migrate];\n";
		expect(await errors('src/lib/client/wrong-import.ts', client)).toEqual([
			restricted,
			restricted
		]);
		const server = "import { KilnDb } from '../client/db';\n\nexport const x = KilnDb;\n";
		expect(await errors('src/lib/server/wrong-import.ts', server)).toEqual([restricted]);
	});

	it('the service worker importing framework code or the kiosk state', async () => {
		const code =
			"import { browser } from '$app/environment';\nimport { getKiosk } from '../src/lib/client/kiosk.svelte';\nimport { Drainer } from '../src/lib/client/drainer';\n\nexport const x = [browser, getKiosk, Drainer];\n";
		expect(await errors('service-worker/wrong-import.ts', code)).toEqual([restricted, restricted]);
	});

	it('framework-free client code (shared with the worker) importing svelte', async () => {
		const code = "import { tick } from 'svelte';\n\nexport const x = tick;\n";
		expect(await errors('src/lib/client/wrong-import.ts', code)).toEqual([restricted]);
		expect(await errors('src/lib/client/register-sw.ts', code)).toEqual([]);
	});

	it('a page importing server code; runtime code importing test support', async () => {
		const page = "import { getServer } from '$lib/server/server';\n\nexport const x = getServer;\n";
		expect(await errors('src/routes/(kiosk)/wrong/+page.ts', page)).toEqual([restricted]);
		const runtime =
			"import { testServer } from '../../testing/server/testing';\n\nexport const x = testServer;\n";
		expect(await errors('src/lib/server/wrong-import.ts', runtime)).toEqual([restricted]);
	});
});

describe('import cycles fail the lint', () => {
	it('reports a ↔ b', async () => {
		const withFixtures = new ESLint({ cwd: ROOT, ignore: false });
		const results = await withFixtures.lintFiles(['src/testing/lint-fixtures/cycle-a.ts']);
		const rules = results.flatMap((r) => r.messages.map((m) => m.ruleId));
		expect(rules).toContain('import-x/no-cycle');
	});
});
