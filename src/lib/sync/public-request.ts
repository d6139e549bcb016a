import { z } from 'zod';
import { FiringType } from '../domain/reservation';

/** The public "client flow": a customer asks for a firing without a kiosk or PIN. */
export const PublicRequest = z.object({
	customerName: z.string().trim().min(1).max(200),
	email: z.email().max(200),
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
	reservationId: z.string(),
	title: z.string(),
	/** "Your request is in the queue" plus queue context and an ETA band, or a stable TBD line. */
	body: z.string(),
	queueLine: z.string()
});
export type PublicRequestResponse = z.infer<typeof PublicRequestResponse>;
