/** Runs a kiosk intent; a refusal (nobody unlocked, role, invalid input) comes back as words. */
export async function attempt(run: () => Promise<unknown>): Promise<string | null> {
	try {
		await run();
		return null;
	} catch (e) {
		return `Not queued: ${e instanceof Error ? e.message : String(e)}`;
	}
}
