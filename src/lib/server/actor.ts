import type { ActionType } from '../domain/actions';
import { REQUIRED_ROLE } from '../domain/policy';
import type { Role } from '../domain/reservation';
import { hasRole } from '../domain/roles';
import type { WireAction } from '../sync/contract';
import { actionProofValid } from '../sync/pin';
import type { Queryable } from './store/types';

export type RefusalReason = 'unknown' | 'inactive' | 'role' | 'proof' | 'replayed';
export type ActorCheck =
	{ ok: true; uid: string; role: Role } | { ok: false; reason: RefusalReason };

/** The action and the device it came from, for the proof check. */
export interface SignedAction {
	deviceId: string;
	action: WireAction;
}

/**
 * The staff member credited with an action must exist, be active and hold the needed role.
 * A supervisor or admin must also have SIGNED it (sync/pin.ts: an HMAC with a key only their PIN
 * derives), each proof used once: a device token alone acts only as staff. Plain staff actions
 * stay device-trusted (docs/SECURITY.md).
 */
export async function authorizeActor(
	q: Queryable,
	uid: string,
	type: ActionType,
	signed?: SignedAction
): Promise<ActorCheck> {
	const rows = await q.query<ActorRow>(
		'SELECT role, active, kind, pin_proof_key FROM people WHERE uid = $1',
		[uid]
	);
	return authorizeLoaded(q, rows[0], uid, type, signed);
}

/** A person row as the actor check needs it, proof key included. */
export type ActorRow = PersonRow & { pin_proof_key: string | null };

/**
 * The actor check on a row loaded beforehand (a push batch reads its actors once); only a
 * supervisor's proof costs a statement, to spend it once.
 */
export async function authorizeLoaded(
	q: Queryable,
	row: ActorRow | undefined,
	uid: string,
	type: ActionType,
	signed?: SignedAction
): Promise<ActorCheck> {
	const check = checkActor(row, uid, type);
	if (!check.ok || check.role === 'staff' || !row) return check;
	const key = row.pin_proof_key;
	if (!signed || !key || !actionProofValid(key, signed.deviceId, signed.action))
		return { ok: false, reason: 'proof' };
	const fresh = await q.query(
		`INSERT INTO used_proofs (device_id, proof, queue_revision) VALUES ($1, $2, $3)
		 ON CONFLICT DO NOTHING RETURNING proof`,
		[signed.deviceId, signed.action.proof, signed.action.queueRevision]
	);
	return fresh.length ? check : { ok: false, reason: 'replayed' };
}

/** What the actor check reads of a person. */
export interface PersonRow {
	role: Role | null;
	active: boolean;
	kind: string;
}

/** The actor check on an already loaded row. */
export function checkActor(p: PersonRow | undefined, uid: string, type: ActionType): ActorCheck {
	if (!p || p.kind !== 'staff' || !p.role) return { ok: false, reason: 'unknown' };
	if (!p.active) return { ok: false, reason: 'inactive' };
	if (!hasRole(p.role, REQUIRED_ROLE[type])) return { ok: false, reason: 'role' };
	return { ok: true, uid, role: p.role };
}

export const ACTOR_REFUSAL_TEXT: Record<RefusalReason, string> = {
	unknown: 'The person credited with this action is not on the studio roster.',
	inactive: 'The person credited with this action is no longer active.',
	role: 'The person credited with this action does not have the role it needs.',
	proof:
		'A supervisor or admin action must be signed by that person’s PIN on this kiosk. Unlock as them and retry.',
	replayed: 'This signed supervisor or admin action was already used once.'
};
