import { invalidReply, ok, parseJson, type Reply } from '../../lib/server/http';
import { FaultSettings, type Faults } from './faults';

/** `POST /api/test/faults`: answered only by the test-hooks handle (`install.ts`). */
export function handleFaults(deps: { faults: Faults }, bodyText: string): Reply {
	const parsed = parseJson(bodyText, 4_096);
	if (!parsed.ok) return parsed.reply;
	const settings = FaultSettings.safeParse(parsed.value);
	if (!settings.success) return invalidReply(settings.error);
	return ok(deps.faults.set(settings.data));
}
