import type { ServerDeps } from '../../lib/server/deps';
import { FaultSettings } from './faults';
import { errorReply, invalidReply, ok, parseJson, type Reply } from '../../lib/server/http';

/** `POST /api/test/faults`: exists only when the server started with KILNBOARD_TEST_HOOKS=1. */
export function handleFaults(deps: ServerDeps, bodyText: string): Reply {
	if (!deps.faults.enabled) return errorReply(404, 'not_found', 'Not found.');
	const parsed = parseJson(bodyText, 4_096);
	if (!parsed.ok) return parsed.reply;
	const settings = FaultSettings.safeParse(parsed.value);
	if (!settings.success) return invalidReply(settings.error);
	return ok(deps.faults.set(settings.data));
}
