import { z } from 'zod';
import { FiringType } from '../domain/reservation';

/** The public "client flow": a customer asks for a firing without a kiosk or PIN. */
export const PublicRequest = z.object({
	customerName: z.string().trim().min(1).max(200),
	email: z.email().max(200),
	/** Optional, for staff to call about the work; phone characters only, 6–20 digits. */
	phone: z
		.string()
		.trim()
		.max(40)
		.regex(/^\+?[\d\s().-]*$/, 'Use digits, spaces, brackets, dashes and a leading +.')
		.refine((p) => {
			const n = p.replace(/\D/g, '').length;
			return n === 0 || (n >= 6 && n <= 20);
		}, 'A phone number has 6 to 20 digits.')
		.transform((p) => p || null)
		.nullable()
		.default(null),
	firingType: FiringType,
	estimatedHalfShelves: z.number().int().min(1).max(16),
	rushRequested: z.boolean().default(false),
	pieces: z
		.array(
			z.object({
				pieceLabel: z.string().trim().min(1).max(200),
				pieceCount: z.number().int().min(1).max(500)
			})
		)
		.max(50)
		.default([]),
	notes: z.string().trim().max(2000).nullable().default(null)
});
export type PublicRequest = z.infer<typeof PublicRequest>;

export const PublicRequestResponse = z.object({
	/** Machine id (never shown to a person; the page shows `reference`). */
	reservationId: z.string(),
	studioName: z.string(),
	/** The short reference the kiosk and messages use, e.g. KB-7Q4M2D; null while unaccepted. */
	reference: z.string().nullable(),
	title: z.string(),
	/** "Your request is in the queue" plus queue context and an ETA band, or a stable TBD line. */
	body: z.string(),
	/** "About N firings ahead, usually X–Y days", or "to be confirmed — <why>". */
	queueLine: z.string(),
	nextStep: z.string(),
	/** Path of this reservation's status page (a capability URL); null while unaccepted. */
	statusPath: z.string().nullable()
});
export type PublicRequestResponse = z.infer<typeof PublicRequestResponse>;

/** A status-page token: 32 random bytes, base64url (43 characters). */
export const StatusToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

/** `GET /api/public/status/:token`: the customer's view, with no staff data. */
export const PublicStatus = z.object({
	studioName: z.string(),
	reference: z.string(),
	title: z.string(),
	body: z.string(),
	queue: z.string(),
	eta: z.string(),
	nextStep: z.string(),
	pickup: z.string().nullable(),
	storage: z.string().nullable(),
	halfShelves: z.string(),
	halfShelfHelp: z.string()
});
export type PublicStatus = z.infer<typeof PublicStatus>;
