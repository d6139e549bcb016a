import { z } from 'zod';

export const Station = z.object({
	id: z
		.string()
		.min(1)
		.max(120)
		.regex(/^[a-z0-9-]+$/),
	label: z.string().min(1).max(120),
	capacityHalfShelves: z.number().int().min(1).max(200),
	aliases: z.array(z.string()).default([]),
	available: z.boolean().default(true),
	unavailableReason: z.string().nullable().default(null),
	/** Last heating-element change (a supervisor's `station.element_change`); the kiln log
	 *  counts firings since then. */
	elementChangedAt: z.string().nullable().default(null),
	elementChangeReason: z.string().nullable().default(null)
});
export type Station = z.infer<typeof Station>;

export const DEMO_STATIONS: Station[] = [
	{ id: 'studio-kiln-a', label: 'Studio Kiln A', capacityHalfShelves: 8, aliases: ['kiln-a'] },
	{ id: 'studio-kiln-b', label: 'Studio Kiln B', capacityHalfShelves: 8, aliases: ['kiln-b'] },
	{ id: 'studio-electric', label: 'L&L eQ2827-3', capacityHalfShelves: 8, aliases: ['electric'] },
	{
		id: 'reduction-raku',
		label: 'Reduction Raku',
		capacityHalfShelves: 8,
		aliases: ['reductionraku', 'reduction_raku', 'raku']
	}
].map((s) => Station.parse(s));

/** Canonical station id for what staff typed or an old client sent, or null when unknown. */
export function normalizeStationId(raw: string, stations: readonly Station[]): string | null {
	const key = raw.trim().toLowerCase();
	const hit = stations.find((s) => s.id === key || s.aliases.includes(key));
	return hit ? hit.id : null;
}
