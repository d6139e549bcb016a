import type { ActorRole, Role } from './reservation';

const RANK: Record<Role, number> = { staff: 1, supervisor: 2, admin: 3 };

export function hasRole(actual: Role, needed: Role): boolean {
	return RANK[actual] >= RANK[needed];
}

/** Role check for an action's actor; `client` and `system` never hold a staff role. */
export function actorHasRole(actual: ActorRole, needed: Role): boolean {
	return actual !== 'client' && actual !== 'system' && hasRole(actual, needed);
}
