import { z } from 'zod';
import { DATASET_NAMES, type DatasetName } from './format';

const Cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const Rows = z.array(z.record(z.string(), Cell));
const perDataset = <T extends z.ZodType>(t: T) =>
	z.object(Object.fromEntries(DATASET_NAMES.map((d) => [d, t])) as Record<DatasetName, T>);

/** Shape check for a bundle read back from a file; values are then checked by `verifyBundle`. */
export const BundleShape = z.object({
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
			Object.fromEntries(DATASET_NAMES.map((d) => [d, z.number()])) as Record<
				DatasetName,
				z.ZodNumber
			>
		)
		.extend({ latestUpdatedAt: z.string().nullable() }),
	redactionRules: z.array(z.string()),
	warnings: z.array(
		z.object({ code: z.string(), message: z.string(), reservationId: z.string().nullable() })
	),
	jsonBundle: perDataset(Rows),
	integrity: perDataset(
		z.object({ rowDigests: z.array(z.string()), columnDigests: z.record(z.string(), z.string()) })
	)
});
