import type { ActionType } from '../domain/actions';
import { REQUIRED_ROLE } from '../domain/policy';
import type { Role } from '../domain/reservation';
import { hasRole } from '../domain/roles';
import type { Queryable } from './store/types';

export type ActorCheck =
	{ ok: true; uid: string; role: Role } | { ok: false; reason: 'unknown' | 'inactive' | 'role' };

/** The staff member credited with an action must exist, be active and hold the needed role. */
export async function authorizeActor(
	q: Queryable,
	uid: string,
	type: ActionType
): Promise<ActorCheck> {
	const rows = await q.query<PersonRow>('SELECT role, active, kind FROM people WHERE uid = $1', [
		uid
	]);
	return checkActor(rows[0], uid, type);
}

/** What the actor check reads of a person. */
export interface PersonRow {
	role: Role | null;
	active: boolean;
	kind: string;
}

/** The actor check on an already loaded row (a batch loads its actors once). */
export function checkActor(p: PersonRow | undefined, uid: string, type: ActionType): ActorCheck {
	if (!p || p.kind !== 'staff' || !p.role) return { ok: false, reason: 'unknown' };
	if (!p.active) return { ok: false, reason: 'inactive' };
	if (!hasRole(p.role, REQUIRED_ROLE[type])) return { ok: false, reason: 'role' };
	return { ok: true, uid, role: p.role };
}

export const ACTOR_REFUSAL_TEXT: Record<'unknown' | 'inactive' | 'role', string> = {
	unknown: 'The person credited with this action is not on the studio roster.',
	inactive: 'The person credited with this action is no longer active.',
	role: 'The person credited with this action does not have the role it needs.'
};
