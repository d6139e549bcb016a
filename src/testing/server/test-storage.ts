import { evaluateStorageNow } from '../../lib/server/background';
import type { ServerDeps } from '../../lib/server/deps';
import { ok, type Reply } from '../../lib/server/http';

/** `POST /api/test/storage-evaluate`: one evaluator pass now (test-hooks handle only). */
export async function handleStorageEvaluate(deps: ServerDeps): Promise<Reply> {
	return ok(await evaluateStorageNow(deps));
}
