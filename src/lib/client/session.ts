import { EnrolResponse, type RosterEntry } from '../sync/contract';
import { verifyPin } from '../sync/pin';
import { readMeta, setMeta, type KilnDb, type Meta, type PinLock } from './db';
import { errorMessage, exchange, type FetchLike, type Timers } from './http';

export const PIN_MAX_FAILURES = 5;
export const PIN_LOCKOUT_MS = 30_000;

export type SessionResult<T = object> =
	({ ok: true } & T) | { ok: false; code: string; message: string; until?: string };

export interface EnrolDeps {
	db: KilnDb;
	fetch: FetchLike;
	timers: Timers;
	/** navigator.storage.persist, when the browser has it. */
	persist?: () => Promise<boolean>;
	baseUrl?: string;
}

/**
 * Enrols this tablet as a kiosk with a one-time enrolment code an admin created (on the server or
 * from another kiosk's admin screen); the caller runs the first pull.
 */
export async function enrol(deps: EnrolDeps, label: string, code: string): Promise<SessionResult> {
	const { transport, body } = await exchange(
		deps.fetch,
		`${deps.baseUrl ?? ''}/api/devices/enrol`,
		{
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ label: label.trim(), code: code.trim() })
		},
		deps.timers
	);
	if (transport.kind !== 'response')
		return {
			ok: false,
			code: 'offline',
			message: 'Enrolment needs a connection to the studio server.'
		};
	if (transport.status !== 201 && transport.status !== 200)
		return {
			ok: false,
			code: transport.errorCode ?? `http_${transport.status}`,
			message: errorMessage(body) ?? 'The server refused the enrolment.'
		};
	const parsed = EnrolResponse.safeParse(body);
	if (!parsed.success)
		return {
			ok: false,
			code: 'bad_response',
			message: 'The server answered with something unexpected.'
		};
	const { deviceId, token, label: savedLabel } = parsed.data;
	// Rows of a previous enrolment stay; only the credential and flags change.
	await setMeta(deps.db, {
		deviceId,
		token,
		label: savedLabel,
		needsSignIn: false,
		deviceRevoked: false,
		cursor: 0
	});
	// Without persistence the browser may evict the queue under storage pressure (Safari: 7 days).
	const persisted = (await deps.persist?.().catch(() => false)) ?? false;
	await setMeta(deps.db, { persisted });
	return { ok: true };
}

/** The lockout end for one person, when it is still running at `nowMs`; otherwise null. */
export function lockedUntil(meta: Meta, uid: string, nowMs: number): string | null {
	const until = meta.pinLocks?.[uid]?.lockedUntil ?? null;
	return until && Date.parse(until) > nowMs ? until : null;
}

/**
 * Unlocks the kiosk for one staff member against the cached roster, so switching staff works
 * offline. Wrong PINs count per person: after 5, that person waits 30 s; others can still unlock,
 * so one person's typos never keep the next one off a shared tablet.
 */
export async function unlock(
	db: KilnDb,
	uid: string,
	pin: string,
	nowMs: number
): Promise<SessionResult<{ actor: RosterEntry; proofKey: string }>> {
	const meta = await readMeta(db);
	const locks = meta.pinLocks ?? {};
	const lock = locks[uid] ?? { failures: 0, lockedUntil: null };
	const running = lockedUntil(meta, uid, nowMs);
	if (running)
		return {
			ok: false,
			code: 'locked_out',
			message: 'Too many wrong PINs for this person. Wait for the countdown, then try again.',
			until: running
		};
	const entry = await db.roster.get(uid);
	if (!entry)
		return { ok: false, code: 'unknown', message: 'That person is not on this kiosk’s roster.' };
	if (!entry.active)
		return {
			ok: false,
			code: 'inactive',
			message: 'This staff account is not active. Ask a supervisor.'
		};
	const keys = await verifyPin(pin, entry);
	if (!keys) {
		const failures = (lock.lockedUntil ? 0 : lock.failures) + 1;
		const next: PinLock =
			failures >= PIN_MAX_FAILURES
				? { failures: 0, lockedUntil: new Date(nowMs + PIN_LOCKOUT_MS).toISOString() }
				: { failures, lockedUntil: null };
		await setMeta(db, { pinLocks: { ...locks, [uid]: next } });
		return next.lockedUntil
			? {
					ok: false,
					code: 'locked_out',
					message: 'Too many wrong PINs for this person. Wait for the countdown, then try again.',
					until: next.lockedUntil
				}
			: { ok: false, code: 'wrong_pin', message: 'That PIN is not right.' };
	}
	const { [uid]: _cleared, ...others } = locks;
	await setMeta(db, { pinLocks: others });
	// The proof key signs this person's elevated actions; the caller keeps it in memory only.
	return { ok: true, actor: entry, proofKey: keys.proofKey };
}
