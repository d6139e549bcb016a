import { test } from './fixtures';
import { TestServer, freePort } from './server';

/** A test with its own studio server (fresh data, its own clock and fault switches). */
export const fresh = test.extend<{ studio: TestServer }>({
	// eslint-disable-next-line no-empty-pattern
	studio: async ({}, use) => {
		const server = new TestServer(freePort());
		await server.start();
		await use(server);
		await server.dispose();
	}
});
