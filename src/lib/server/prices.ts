import { PriceTable } from '../domain/fees';
import { Currency } from '../domain/reservation';
import type { Queryable } from './store/types';

type Env = Record<string, string | undefined>;

export const DEFAULT_CURRENCY = 'GBP';

/** `STUDIO_CURRENCY` (ISO 4217); an invalid code is a start-up error, not a silent default. */
export function studioCurrency(env: Env = process.env): string {
	const code = env.STUDIO_CURRENCY?.trim().toUpperCase() || DEFAULT_CURRENCY;
	if (!Currency.safeParse(code).success)
		throw new Error(`STUDIO_CURRENCY="${code}" is not an ISO 4217 currency code (e.g. GBP).`);
	return code;
}

/** The demo studio's prices (minor units): what `npm start` shows until a studio sets its own. */
export function demoPriceTable(currency: string, updatedAt: string): PriceTable {
	return PriceTable.parse({
		version: 'demo-2026-1',
		currency,
		perHalfShelf: { bisque: 400, glaze: 600, other: 500 },
		heightSurcharge: { aboveTiers: 2, perHalfShelf: 150 },
		minimum: 800,
		updatedAt
	});
}

/**
 * The studio's price table (one row, migration 1001), or null when none is set. A stored row
 * that no longer parses is treated as none: no fee is better than a wrong one.
 */
export async function loadPrices(q: Queryable): Promise<PriceTable | null> {
	const rows = await q.query<{ doc: unknown }>('SELECT doc FROM price_table WHERE id = 1');
	const parsed = rows[0] ? PriceTable.safeParse(rows[0].doc) : null;
	return parsed?.success ? parsed.data : null;
}

/** Sets the studio's prices; `replace` false keeps a table that is already there. */
export async function savePrices(q: Queryable, table: PriceTable, replace = true): Promise<void> {
	await q.query(
		`INSERT INTO price_table (id, doc) VALUES (1, $1::jsonb)
		 ON CONFLICT (id) DO ${replace ? 'UPDATE SET doc = EXCLUDED.doc' : 'NOTHING'}`,
		[JSON.stringify(PriceTable.parse(table))]
	);
}
