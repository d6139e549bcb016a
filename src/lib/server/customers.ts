import { createHash } from 'node:crypto';
import type { Queryable } from './store/types';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** A stable customer uid derived from the normalized email: the same person, the same row. */
export const customerUidFor = (email: string) =>
	`cust-${createHash('sha256').update(normalizeEmail(email)).digest('hex').slice(0, 20)}`;

/** Finds or creates the customer row for an email; the latest name given wins. */
export async function upsertCustomer(q: Queryable, email: string, name: string): Promise<string> {
	const uid = customerUidFor(email);
	await q.query(
		`INSERT INTO people (uid, name, kind, email) VALUES ($1, $2, 'customer', $3)
		 ON CONFLICT (uid) DO UPDATE SET name = EXCLUDED.name`,
		[uid, name, normalizeEmail(email)]
	);
	return uid;
}
