import { randomBytes } from 'node:crypto';
import { isValidTimeZone } from '../domain/time-zone';

type Env = Record<string, string | undefined>;

/** Used when `STUDIO_TIME_ZONE` is not set. */
export const DEFAULT_STUDIO_TIME_ZONE = 'Europe/London';

/** The configured studio zone; an unknown name is a start-up error, not a silent UTC. */
export function studioTimeZone(env: Env = process.env): string {
	const zone = env.STUDIO_TIME_ZONE?.trim() || DEFAULT_STUDIO_TIME_ZONE;
	if (!isValidTimeZone(zone))
		throw new Error(
			`STUDIO_TIME_ZONE="${zone}" is not an IANA time zone this runtime knows (e.g. Europe/London).`
		);
	return zone;
}

/** The server's CSPRNG source for `ApplyContext.secret`: 16 random bytes as hex. */
export const serverSecret = (): string => randomBytes(16).toString('hex');

/** The studio's name as customers read it (`STUDIO_NAME`). */
export function studioName(env: Env = process.env): string {
	return env.STUDIO_NAME?.trim() || 'Kilnboard Studio';
}
