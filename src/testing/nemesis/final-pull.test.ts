import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteBackend, type Backend } from './backend';
import { SimServer } from './sim-server';
import { World } from './world';

/*
 * Regression for the batch apply's nemesis failure (seed 302899978, path 47 on PGlite): the
 * scenario had armed a server crash by statement count; with fewer statements per batch it fired
 * during quiescence's final pull, every kiosk's pull failed, and the world was judged diverged
 * although the server had logged the change. Here the crash is armed exactly there: after the
 * world is quiet, one kiosk writes a change the others have not pulled, and the very next SQL
 * statement kills the server. The final pull must still bring every kiosk to the server's copy.
 */
describe('nemesis final pull', () => {
	let backend: Backend;
	let server: SimServer;
	beforeAll(async () => {
		backend = await pgliteBackend();
		server = new SimServer(backend);
		await server.start();
	});
	afterAll(async () => {
		await server?.close();
		await backend?.dispose();
	});

	it('a server crash armed before the final pull does not leave kiosks behind', async () => {
		const world = new World(server);
		try {
			await world.start(302899978);
			await world.drainUntilQuiet();
			// Kiosk 5 notes a card; its own drain pushes and pulls, kiosks 1–4 do not pull. Kiosk 1's
			// final pull is the first to reach the server, so the crash lands on a kiosk behind.
			await world.step({
				t: 'act',
				kiosk: 4,
				actor: 0,
				card: 1,
				op: { op: 'note', text: 1 },
				steer: 10, // exactly this note, not a steered pick
				pick: 0
			});
			await world.step({ t: 'tick', ms: 61_000 }); // past the undo window
			await world.step({ t: 'sync', kiosk: 4 });
			await world.settle();
			const cursors = await Promise.all(world.kiosks.map((k) => k.db.meta.get('cursor')));
			const [behind, writer] = [Number(cursors[0]?.value), Number(cursors[4]?.value)];
			expect(writer).toBeGreaterThan(behind); // the change exists and kiosk 1 has not pulled it
			const restartsBefore = server.restarts;
			server.crashAfter(1);
			await world.finalPull();
			const report = await world.check();
			// The crash really happened inside the final pull…
			expect(server.restarts).toBe(restartsBefore + 1);
			// …and every kiosk still ends on the server's copy of every card.
			expect(report.violations).toEqual([]);
		} finally {
			await world.close();
		}
	});
});
