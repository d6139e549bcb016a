import type { Role } from './reservation';

const RANK: Record<Role, number> = { staff: 1, supervisor: 2, admin: 3 };

export function hasRole(actual: Role, needed: Role): boolean {
	return RANK[actual] >= RANK[needed];
}
