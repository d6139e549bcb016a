import { evaluateStorageNow } from '../../lib/server/background';
import type { ServerDeps } from '../../lib/server/deps';
import { errorReply, ok, type Reply } from '../../lib/server/http';

/** `POST /api/test/storage-evaluate`: one evaluator pass now (KILNBOARD_TEST_HOOKS=1 only). */
export async function handleStorageEvaluate(deps: ServerDeps): Promise<Reply> {
	if (!deps.faults.enabled) return errorReply(404, 'not_found', 'Not found.');
	return ok(await evaluateStorageNow(deps));
}
