import type { FailureCode } from '../domain/outcome';
import type { Reservation } from '../domain/reservation';
import type { ActionResult } from '../sync/contract';

export function appliedResult(
	queueRevision: number,
	reservation: Reservation | null,
	noop: boolean,
	at: string
): ActionResult {
	return { queueRevision, status: 'applied', replay: false, noop, reservation, appliedAt: at };
}

export function refusedResult(
	queueRevision: number,
	code: FailureCode,
	message: string,
	details: Record<string, unknown> | null,
	reservation: Reservation | null,
	at: string
): ActionResult {
	return {
		queueRevision,
		status: code === 'held' ? 'held' : 'rejected',
		replay: false,
		code,
		message,
		details,
		reservation,
		appliedAt: at
	};
}
