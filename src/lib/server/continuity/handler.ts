import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ContinuityBundle } from '../../domain/export';
import { recordRefusal } from '../audit';
import type { ServerDeps } from '../deps';
import { authenticateHeader } from '../devices';
import { errorReply, invalidReply, type Reply } from '../http';
import { sessionProofValid } from '../../sync/pin';
import { exportOwner } from './export';

/** Header naming the staff member unlocked on the kiosk who asks for the export. */
export const ACTOR_HEADER = 'x-kilnboard-actor';
/** Their PIN-derived session proof (sync/pin.ts `signSession`, purpose `export`, the owner). */
export const SESSION_HEADER = 'x-kilnboard-session';

const ExportQuery = z.object({
	owner: z.string().trim().min(1).max(160),
	format: z.enum(['json', 'zip']).default('json')
});

export type ExportRequest = {
	authHeader: string | null;
	actorUid: string | null;
	/** The unlocked staff member's session proof: a bare uid is not enough. */
	session: string | null;
	url: URL;
};
export type ExportAnswer =
	{ ok: true; bundle: ContinuityBundle; format: 'json' | 'zip' } | { ok: false; reply: Reply };

/**
 * `GET /api/export?owner=<uid>&format=json|zip`: an enrolled (not revoked) kiosk, with an active
 * staff member named in the actor header. Everything else gets 403 with a code saying which part
 * was missing; the bundle holds that owner's rows only.
 */
export async function handleExport(deps: ServerDeps, req: ExportRequest): Promise<ExportAnswer> {
	const auth = await authenticateHeader(deps, req.authHeader);
	if (!auth.ok) {
		const reply =
			auth.reply.status === 401
				? errorReply(
						403,
						'staff_device_required',
						'Only an enrolled staff kiosk can export continuity bundles.'
					)
				: auth.reply;
		return { ok: false, reply };
	}
	const query = ExportQuery.safeParse(Object.fromEntries(req.url.searchParams));
	if (!query.success)
		return { ok: false, reply: invalidReply(query.error, 'Name the owner to export.') };
	const uid = req.actorUid?.trim() ?? '';
	const people = uid
		? await deps.store.query<{
				kind: string;
				active: boolean;
				role: string | null;
				pin_proof_key: string | null;
			}>('SELECT kind, active, role, pin_proof_key FROM people WHERE uid = $1', [uid])
		: [];
	const p = people[0];
	const owner = query.data.owner;
	const unlocked =
		!!p?.pin_proof_key &&
		!!req.session &&
		sessionProofValid(
			p.pin_proof_key,
			req.session,
			{ purpose: 'export', deviceId: auth.deviceId, actorUid: uid, subject: owner },
			Date.parse(deps.now())
		);
	if (!p || p.kind !== 'staff' || !p.role || !p.active || !unlocked) {
		await recordRefusal(deps.store, {
			deviceId: auth.deviceId,
			actorUid: uid || null,
			code: 'export_staff_actor_required',
			at: deps.now()
		});
		return {
			ok: false,
			reply: errorReply(
				403,
				'staff_actor_required',
				'Unlock the kiosk as an active staff member to export.'
			)
		};
	}
	const requestId = randomUUID();
	const bundle = await exportOwner(deps.store, query.data.owner, deps.now(), requestId);
	deps.log.info('continuity export', {
		requestId,
		deviceId: auth.deviceId,
		actorUid: uid,
		ownerUid: query.data.owner,
		artifactId: bundle.exportHeader.artifactId,
		reservations: bundle.summary.reservations
	});
	return { ok: true, bundle, format: query.data.format };
}
