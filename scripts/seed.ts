// `npm run seed`: migrate the configured store and seed the demo studio (idempotent).
import { createLogger } from '../src/lib/server/log';
import { migrate } from '../src/lib/server/migrations';
import { seedDemo } from '../src/lib/server/seed';
import { openStoreFromEnv } from '../src/lib/server/store/open';

const log = createLogger();
const store = await openStoreFromEnv(process.env);
try {
	await migrate(store);
	const summary = await seedDemo(store, log);
	log.info('seed done', {
		store: store.kind,
		actions: summary.actions,
		applied: summary.applied,
		refused: summary.refused.length
	});
} finally {
	await store.close();
}
