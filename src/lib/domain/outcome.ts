import { z } from 'zod';

/** Why the server refused an action. Codes are for machines; `FAILURE_TEXT` is for people.
 *  The one enum: the wire's ResultCode, the kiosk's outbox rows and the UI text all use it. */
export const FailureCode = z.enum([
	'conflict',
	'stale',
	'capacity',
	'permission',
	'invalid',
	'not_found',
	'held'
]);
export type FailureCode = z.infer<typeof FailureCode>;

export const FAILURE_CODES: readonly FailureCode[] = FailureCode.options;

export const FAILURE_TEXT: Record<FailureCode, string> = {
	conflict: 'The studio rules do not allow this change from the card’s current state.',
	stale: 'Someone changed this card since you acted on it. Check the current card before retrying.',
	capacity: 'The kiln station does not have room for this work.',
	permission:
		'The person credited with this action is not allowed to do it (or is no longer active).',
	invalid: 'The action was incomplete or malformed and was not applied.',
	not_found: 'The reservation no longer exists on the server.',
	held: 'Waiting on an earlier failed action for the same card; resolve that one first.'
};

export interface Failure {
	ok: false;
	code: FailureCode;
	message: string;
	details?: Record<string, unknown>;
}

export function fail(
	code: FailureCode,
	message: string,
	details?: Record<string, unknown>
): Failure {
	return details ? { ok: false, code, message, details } : { ok: false, code, message };
}

/** Staff text for any code; an unknown code (an older/newer server) falls back to `invalid`. */
export function failureText(code: string): string {
	const known = FailureCode.safeParse(code);
	return FAILURE_TEXT[known.success ? known.data : 'invalid'];
}
