import { z } from 'zod';
import { FailureCode } from './outcome';
import { FiringType, Instant } from './reservation';
import { Reason, Text } from './text';

/** The firing record and its action payloads (schemas only; the rules are in firings.ts). */

export const FiringState = z.enum(['planned', 'loading', 'firing', 'unloaded']);
export type FiringState = z.infer<typeof FiringState>;

export const FiringStep = z.enum(['start_loading', 'start_firing', 'unload']);
export type FiringStep = z.infer<typeof FiringStep>;

export const FIRING_STEP_LABEL: Record<FiringStep, string> = {
	start_loading: 'Start loading',
	start_firing: 'Start firing',
	unload: 'Unload'
};

export const FIRING_STATE_LABEL: Record<FiringState, string> = {
	planned: 'Planned',
	loading: 'Loading',
	firing: 'Firing',
	unloaded: 'Unloaded'
};

export const FIRING_OUTCOME_LABEL: Record<'fired' | 'damaged' | 'needs_refire', string> = {
	fired: 'Fired',
	damaged: 'Damaged',
	needs_refire: 'Needs refire'
};

export const FiringOutcome = z.enum(['fired', 'damaged', 'needs_refire']);
export type FiringOutcome = z.infer<typeof FiringOutcome>;

/** Orton cone as studios write it: 022…01 (leading zero) or 1…14. */
export const Cone = z
	.string()
	.trim()
	.regex(/^(0(0?[1-9]|1\d|2[0-2])|[1-9]|1[0-4])$/, 'A cone like 06, 04 or 6');

const Id = z.string().trim().min(1).max(160);

/** Why a card in a firing needs a supervisor's look (kept on the firing member). */
export const FiringFlag = z.object({
	step: FiringStep,
	code: FailureCode,
	message: z.string(),
	at: Instant
});
export type FiringFlag = z.infer<typeof FiringFlag>;

export const FiringMember = z.object({
	reservationId: Id,
	/** Half-shelves the card took when it was put in the firing (the capacity check's figure). */
	halfShelves: z.number().int().min(1),
	outcome: FiringOutcome.nullable().default(null),
	outcomeReason: z.string().nullable().default(null),
	flags: z.array(FiringFlag).default([])
});
export type FiringMember = z.infer<typeof FiringMember>;

export const Firing = z.object({
	id: Id,
	stationId: Id,
	firingType: FiringType,
	targetCone: Cone,
	programNotes: z.string().nullable(),
	plannedDate: Instant,
	members: z.array(FiringMember).min(1),
	state: FiringState,
	createdAt: Instant,
	createdByUid: z.string(),
	loadingStartedAt: Instant.nullable(),
	loadedByUid: z.string().nullable(),
	/** Actual start: the firing step. */
	firingStartedAt: Instant.nullable(),
	/** Actual end: the unload step. */
	unloadedAt: Instant.nullable(),
	unloadedByUid: z.string().nullable(),
	notes: z.string().nullable(),
	version: z.number().int().min(1),
	updatedAt: Instant
});
export type Firing = z.infer<typeof Firing>;

export const MAX_FIRING_MEMBERS = 60;

export const FiringCreatePayload = z.object({
	firingId: Id,
	stationId: Id,
	firingType: FiringType,
	targetCone: Cone,
	programNotes: Text(1000).nullable().default(null),
	plannedDate: Instant,
	reservationIds: z
		.array(Id)
		.min(1)
		.max(MAX_FIRING_MEMBERS)
		.refine((ids) => new Set(ids).size === ids.length, 'A reservation is listed twice.'),
	notes: Text(2000).nullable().default(null)
});
export type FiringCreatePayload = z.infer<typeof FiringCreatePayload>;

export const FiringStepPayload = z.object({
	firingId: Id,
	step: FiringStep,
	/** Unload only: outcomes that are not `fired` (every other card is fired). */
	outcomes: z
		.array(
			z.object({
				reservationId: Id,
				outcome: FiringOutcome,
				reason: Reason.nullable().default(null)
			})
		)
		.max(MAX_FIRING_MEMBERS)
		.default([]),
	notes: Text(2000).nullable().default(null)
});
export type FiringStepPayload = z.infer<typeof FiringStepPayload>;
