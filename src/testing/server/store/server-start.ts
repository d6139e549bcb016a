// Test helper run as its own process: the server's start function on DATA_DIR, then idles.
import { writeSync } from 'node:fs';
import { getServer } from '../../../lib/server/server';

try {
	await getServer({ ...process.env, KILNBOARD_SEED: '0' });
	writeSync(2, 'STARTED\n');
	setInterval(() => {}, 60_000);
} catch (err) {
	writeSync(2, `REFUSED ${(err as Error).message}\n`);
	process.exit(3);
}
