/** Arrival codes in either form (`MF-ARR-XXXX-XXXX` or the separator-free lookup form). */
const ARRIVAL_CODE = /MF-?ARR-?[A-Z0-9]{4}-?[A-Z0-9]{4}/gi;
const URL = /\b(?:https?|ftp|data|blob):\S+/gi;

/**
 * Scrubs free text that leaves the studio. Structural redaction (dropping fields) does the real
 * work; this catches a code or link quoted inside message copy, such as the confirmation text.
 */
export function redactText(text: string): string {
	return text.replace(ARRIVAL_CODE, '[arrival code]').replace(URL, '[link removed]');
}

export const present = (v: string | null | undefined): boolean =>
	typeof v === 'string' && v.trim().length > 0;
