import type { ActorRole, Instant, Reservation } from './reservation';
import type { PriceTable } from './fees';
import type { Station } from './stations';

/** Everything an action may depend on besides the record itself. No clock, no I/O. */
export interface ApplyContext {
	now: Instant;
	/** The studio's IANA time zone: every day boundary and every date shown uses it. */
	timeZone: string;
	/**
	 * A fresh CSPRNG string (≥ 16 hex digits) per call, for arrival codes. Passed in so the
	 * domain stays pure: the server gives node:crypto, the kiosk crypto.getRandomValues.
	 */
	secret: () => string;
	actor: { uid: string; role: ActorRole };
	/** Stable id of this request (`<deviceId>:<queueRevision>`): derived ids use it, so replays match. */
	requestId: string;
	stations: readonly Station[];
	/** Non-archived reservations assigned to a station (for capacity and queue order). */
	stationPeers: (stationId: string) => readonly Reservation[];
	/** The studio's price table; the fee is fixed from it at first `loaded` (absent: no fee yet). */
	prices?: PriceTable | null;
}
