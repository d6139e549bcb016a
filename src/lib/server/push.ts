import {
	MAX_BODY_BYTES,
	PushRequest,
	type ActionResult,
	type IssueRef,
	type WireAction
} from '../sync/contract';
import { recordRefusal } from './audit';
import { applyBatch } from './batch-apply';
import type { ServerDeps } from './deps';
import { authenticateHeader } from './devices';
import { errorReply, invalidReply, ok, parseJson, type Reply } from './http';
import { noteAcked } from './result-floor';

/** Batch-level checks the schema cannot express; failing any refuses the whole batch. */
function batchIssues(actions: WireAction[]): IssueRef[] {
	const issues: IssueRef[] = [];
	actions.forEach((a, i) => {
		if (a.type.startsWith('reservation.') && !a.reservationId)
			issues.push({
				path: ['actions', i, 'reservationId'],
				message: 'A reservation action needs its reservationId.'
			});
	});
	return issues;
}

/**
 * `POST /api/sync/push`. The batch is applied in queueRevision order in one transaction, each
 * action with its own all-or-nothing answer (see `applyBatch`). Once an action on a reservation
 * is refused, the batch's later actions on it come back `held`.
 */
export async function handlePush(
	deps: ServerDeps,
	authHeader: string | null,
	bodyText: string
): Promise<Reply> {
	const auth = await authenticateHeader(deps, authHeader);
	if (!auth.ok) return auth.reply;
	const parsed = parseJson(bodyText, MAX_BODY_BYTES);
	if (!parsed.ok) return parsed.reply;
	const req = PushRequest.safeParse(parsed.value);
	if (!req.success)
		return invalidReply(req.error, 'The push batch is not valid; nothing was applied.');
	if (req.data.deviceId !== auth.deviceId) {
		await recordRefusal(deps.store, {
			deviceId: auth.deviceId,
			actorUid: null,
			code: 'device_mismatch',
			at: deps.now(),
			detail: { claimed: req.data.deviceId }
		});
		return errorReply(
			403,
			'device_mismatch',
			'The batch names a different device than its credential.'
		);
	}
	const issues = batchIssues(req.data.actions);
	if (issues.length)
		return errorReply(400, 'invalid', 'The push batch is not valid; nothing was applied.', issues);

	const actions = [...req.data.actions].sort((x, y) => x.queueRevision - y.queueRevision);
	let results: ActionResult[];
	let cursor = 0;
	try {
		const out = await applyBatch(deps, auth.deviceId, actions);
		results = out.results;
		cursor = out.seq;
	} catch (err) {
		// The batch is one transaction: nothing of it committed, and the kiosk resends it whole.
		deps.log.error('push failed', { deviceId: auth.deviceId, error: String(err) });
		return errorReply(
			503,
			'store_unavailable',
			'The server could not save right now; retry shortly.'
		);
	} finally {
		if (cursor > 0) deps.hub.changed(cursor);
	}
	await noteAcked(deps, auth.deviceId, req.data.ackedRevision);
	return ok({ results, serverTime: deps.now() });
}
