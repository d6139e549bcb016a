import type { DatasetName } from './format';

const MAX_STEM = 96;

/** Keeps `[A-Za-z0-9_-]` only, so a name is safe on every file system and in a URL. */
export const safeStem = (s: string, max = MAX_STEM): string =>
	s.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, max);

/** `mf-continuity-<ownerUid>-<YYYYMMDDHHMMSS>` (UTC, from generatedAt); the uid is made safe. */
export function artifactIdFor(ownerUid: string, generatedAt: string): string {
	const stamp = new Date(generatedAt).toISOString().replace(/\D/g, '').slice(0, 14);
	return `mf-continuity-${safeStem(ownerUid, 48)}-${stamp}`;
}

/** File names of a bundle; a long id is cut before the dataset suffix so names never collide. */
export const fileNames = {
	json: (artifactId: string) => `${safeStem(artifactId)}.json`,
	zip: (artifactId: string) => `${safeStem(artifactId)}.zip`,
	csv: (artifactId: string, dataset: DatasetName) => {
		const suffix = `-${dataset}`;
		return `${safeStem(artifactId, MAX_STEM - suffix.length)}${suffix}.csv`;
	}
};
