import { z } from 'zod';
import { CURRENT_FORMAT, type BundleFormat, type DatasetName } from './format';

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Rows = z.array(z.record(z.string(), Cell));

/** Just enough of a bundle to read which format it claims (that picks the full shape). */
export const BundleVersion = z.object({
	exportHeader: z.object({ schemaVersion: z.string() })
});

/**
 * Shape check for a bundle read back from a file, with the datasets of its format; values are
 * then checked by `verifyBundle`.
 */
export function bundleShape({ names }: BundleFormat = CURRENT_FORMAT) {
	const perDataset = <T extends z.ZodType>(t: T) =>
		z.object(Object.fromEntries(names.map((d) => [d, t])) as Record<DatasetName, T>);
	return z.object({
		exportHeader: z.object({
			artifactId: z.string(),
			ownerUid: z.string(),
			generatedAt: z.string(),
			schemaVersion: z.string(),
			format: z.array(z.string()),
			signature: z.string(),
			signatureAlgorithm: z.string(),
			digests: perDataset(z.string()),
			builtBy: z.enum(['kiosk', 'server']),
			requestId: z.string().nullable()
		}),
		summary: z
			.object(
				Object.fromEntries(names.map((d) => [d, z.number()])) as Record<DatasetName, z.ZodNumber>
			)
			.extend({ latestUpdatedAt: z.string().nullable() }),
		redactionRules: z.array(z.string()),
		warnings: z.array(
			z.object({ code: z.string(), message: z.string(), reservationId: z.string().nullable() })
		),
		jsonBundle: perDataset(Rows),
		integrity: perDataset(
			z.object({
				rowDigests: z.array(z.string()),
				columnDigests: z.record(z.string(), z.string())
			})
		)
	});
}
