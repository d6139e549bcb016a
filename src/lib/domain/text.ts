import { z } from 'zod';

/**
 * The one text rule set for every boundary: kiosk forms, the action schemas and the server's
 * JSON parser. PostgreSQL text/jsonb cannot hold NUL or unpaired surrogates, so such text is
 * refused where it is typed, not at sync time.
 */
export const UNSTORABLE =
	// eslint-disable-next-line no-control-regex
	/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const isStorable = (s: string) => !UNSTORABLE.test(s);
export const TEXT_MESSAGE = 'Text may not contain NUL characters or broken Unicode.';

/** Trimmed free text of at most `max` characters that every store can hold. */
export const Text = (max: number) => z.string().trim().max(max).refine(isStorable, TEXT_MESSAGE);

/** A written reason (audited, often shown to the customer): at least this many characters. */
export const REASON_MIN_LENGTH = 3;
export const REASON_MAX_LENGTH = 500;
export const REASON_MESSAGE = 'A written reason is required';
export const Reason = z
	.string()
	.trim()
	.min(REASON_MIN_LENGTH, REASON_MESSAGE)
	.max(REASON_MAX_LENGTH)
	.refine(isStorable, TEXT_MESSAGE);

/** For forms: whether `text` passes `Reason` (so a button can be disabled with the same rule). */
export const isReason = (text: string) => Reason.safeParse(text).success;
