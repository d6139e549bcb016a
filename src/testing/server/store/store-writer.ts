// Test helper run as its own process: opens a PGlite data folder and commits numbered rows,
// writing `ACK <n>` to stderr (synchronously) only after each commit returned.
import { writeSync } from 'node:fs';
import { openPglite } from '../../../lib/server/store/pglite';

const [dataDir, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 'Infinity');
try {
	const store = await openPglite({ dataDir });
	await store.query('CREATE TABLE IF NOT EXISTS acked (n integer PRIMARY KEY)');
	const [{ next }] = await store.query<{ next: number }>(
		'SELECT COALESCE(MAX(n), 0) + 1 AS next FROM acked'
	);
	writeSync(2, 'OPEN\n');
	for (let n = next; n < next + count; n++) {
		await store.query('INSERT INTO acked (n) VALUES ($1)', [n]);
		writeSync(2, `ACK ${n}\n`);
	}
	await store.close();
} catch (err) {
	writeSync(2, `REFUSED ${(err as Error).message}\n`);
	process.exitCode = 3;
}
