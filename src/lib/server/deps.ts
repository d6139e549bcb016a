import type { EventHub } from './events';
import type { Logger } from './log';
import type { Store } from './store/types';

/** What the apply loop needs: a store, a clock and a log. */
export interface ApplyDeps {
	store: Store;
	/** Server clock as an ISO instant (the test hooks wrap it to shift it). */
	now(): string;
	log: Logger;
}

/** Everything the HTTP handlers need; built once at start-up by `server.ts`. */
export interface ServerDeps extends ApplyDeps {
	hub: EventHub;
}
