import type { ServerDeps } from '../../lib/server/deps';
import { handlePush } from '../../lib/server/push';
import type { Reply } from '../../lib/server/http';
import { Faults } from './faults';

/** Production deps plus the fault switches; the clock reads the switches' offset. */
export type TestDeps = ServerDeps & { faults: Faults };

/** Wraps deps built by `createDeps`: the only place the test clock offset is applied. */
export function withTestHooks(deps: ServerDeps, faults = new Faults()): TestDeps {
	return {
		...deps,
		faults,
		now: () => new Date(Date.parse(deps.now()) + faults.clockOffsetMs).toISOString()
	};
}

/** `handlePush` with "drop the response after commit": the push path itself knows no faults. */
export async function pushWithFaults(
	deps: TestDeps,
	authorization: string | null,
	bodyText: string
): Promise<Reply> {
	const reply = await handlePush(deps, authorization, bodyText);
	if (reply.status === 200 && deps.faults.takeDrop()) return { status: 502, body: null };
	return reply;
}
