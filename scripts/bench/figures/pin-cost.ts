import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { derivePinKeysNative } from '../../../src/lib/server/pins';
import { PIN_KDF } from '../../../src/lib/sync/pin';

export interface PinCostFigure {
	kdf: string;
	/** Median wall time of one guess with the production verifier (native scrypt, one core). */
	guessMs: number;
	/** The same for the first wave's verifier (PBKDF2-SHA256, 60,000 iterations): the baseline. */
	pbkdf2Ms: number;
	/** A whole 6-digit PIN space on one core at `guessMs`, in hours. */
	sixDigitHours: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(run: () => Promise<unknown>, samples: number): Promise<number> {
	const out: number[] = [];
	for (let i = 0; i < samples; i++) {
		const t = performance.now();
		await run();
		out.push(performance.now() - t);
	}
	return median(out);
}

/** What one offline guess at a stolen verifier costs, against the old PBKDF2 verifier. */
export async function measurePinCost(samples = 5): Promise<PinCostFigure> {
	const guessMs = await timed(
		() => derivePinKeysNative('000000', `bench-${Math.random()}`),
		samples
	);
	const pbkdf2Ms = await timed(
		() => promisify(pbkdf2)('000000', `bench-${Math.random()}`, 60_000, 32, 'sha256'),
		samples
	);
	return { kdf: PIN_KDF, guessMs, pbkdf2Ms, sixDigitHours: (guessMs * 1e6) / 3_600_000 };
}
