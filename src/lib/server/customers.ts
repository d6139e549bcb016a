import { createHash } from 'node:crypto';
import type { Queryable } from './store/types';

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** A stable customer uid derived from the normalized email: the same person, the same row. */
export const customerUidFor = (email: string) =>
	`cust-${createHash('sha256').update(normalizeEmail(email)).digest('hex').slice(0, 20)}`;

/**
 * Finds or creates the customer row for an email; the latest name given wins, and so does the
 * latest phone (a request without one keeps the phone already known).
 */
export async function upsertCustomer(
	q: Queryable,
	email: string,
	name: string,
	phone: string | null = null
): Promise<string> {
	const uid = customerUidFor(email);
	await q.query(
		`INSERT INTO people (uid, name, kind, email, phone) VALUES ($1, $2, 'customer', $3, $4)
		 ON CONFLICT (uid) DO UPDATE SET name = EXCLUDED.name, phone = COALESCE(EXCLUDED.phone, people.phone)`,
		[uid, name, normalizeEmail(email), phone]
	);
	return uid;
}
