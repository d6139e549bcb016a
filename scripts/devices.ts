// Admin CLI (takes the data folder's lock, so it refuses while the server runs):
//   npm run devices -- list | revoke <deviceId> | code [--minutes 15] | set-pin <uid> <pin>
import { createEnrolCode, revokeDevice } from '../src/lib/server/devices';
import { migrate } from '../src/lib/server/migrations';
import { setPin } from '../src/lib/server/pins';
import { openStoreFromEnv } from '../src/lib/server/store/open';

const [cmd, arg, arg2] = process.argv.slice(2);
let store;
try {
	store = await openStoreFromEnv(process.env);
} catch (err) {
	console.error((err as Error).message);
	process.exit(1);
}
try {
	await migrate(store);
	const now = new Date().toISOString();
	if (cmd === 'list') {
		console.table(
			await store.query(
				`SELECT id, label, enrolled_by, enrolled_at, last_seen_at, unsent_reported, revoked_at
				 FROM devices ORDER BY enrolled_at`
			)
		);
	} else if (cmd === 'revoke' && arg) {
		const done = await revokeDevice(store, arg, now);
		console.log(done ? `Revoked ${arg}.` : `No device ${arg}.`);
		process.exitCode = done ? 0 : 1;
	} else if (cmd === 'code') {
		const minutes = arg === '--minutes' ? Number(arg2) : undefined;
		const made = await createEnrolCode(store, { createdBy: null, via: 'cli', at: now, minutes });
		console.log(`Enrolment code: ${made.display}  (one use, valid until ${made.expiresAt})`);
	} else if (cmd === 'set-pin' && arg && arg2) {
		const out = await setPin(store, arg, arg2);
		console.log(out.ok ? `PIN set for ${arg}.` : `Refused: ${out.code}`);
		process.exitCode = out.ok ? 0 : 1;
	} else {
		console.error(
			'usage: devices list | revoke <deviceId> | code [--minutes N] | set-pin <uid> <pin>'
		);
		process.exitCode = 2;
	}
} finally {
	await store.close();
}
