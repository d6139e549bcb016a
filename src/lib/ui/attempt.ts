/** Runs a kiosk intent; a refusal (nobody unlocked, the domain said no, invalid input) comes back as words. */
export async function attempt(
	run: () => Promise<{ ok: true } | { ok: false; message: string }>
): Promise<string | null> {
	const out = await run();
	return out.ok ? null : `Not queued: ${out.message}`;
}
