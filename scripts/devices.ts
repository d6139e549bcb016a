// Admin CLI: `npx tsx scripts/devices.ts list` | `npx tsx scripts/devices.ts revoke <deviceId>`.
import { revokeDevice } from '../src/lib/server/devices';
import { migrate } from '../src/lib/server/migrations';
import { openStoreFromEnv } from '../src/lib/server/store/open';

const [cmd, id] = process.argv.slice(2);
const store = await openStoreFromEnv(process.env);
try {
	await migrate(store);
	if (cmd === 'list') {
		console.table(
			await store.query(
				'SELECT id, label, enrolled_by, enrolled_at, revoked_at FROM devices ORDER BY enrolled_at'
			)
		);
	} else if (cmd === 'revoke' && id) {
		const done = await revokeDevice(store, id, new Date().toISOString());
		console.log(done ? `Revoked ${id}.` : `No device ${id}.`);
		process.exitCode = done ? 0 : 1;
	} else {
		console.error('usage: devices.ts list | revoke <deviceId>');
		process.exitCode = 2;
	}
} finally {
	await store.close();
}
