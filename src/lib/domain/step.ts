import type { Failure } from './outcome';
import type { Reservation } from './reservation';

/** What one operation returns to `applyAction`; it adds the version bump and effects. */
export type Step =
	{ ok: true; reservation: Reservation; noop?: boolean; created?: Reservation | null } | Failure;

export const applied = (reservation: Reservation, created: Reservation | null = null): Step => ({
	ok: true,
	reservation,
	created
});

export const unchanged = (reservation: Reservation): Step => ({
	ok: true,
	reservation,
	noop: true
});

export const DAY_MS = 24 * 3600 * 1000;

export const addMs = (iso: string, ms: number): string =>
	new Date(Date.parse(iso) + ms).toISOString();
