import type { Store } from './store/types';

/** Numbered, append-only. Never edit a shipped entry: add the next number. */
export const MIGRATIONS: readonly { id: number; name: string; sql: string }[] = [
	{
		id: 1,
		name: 'initial schema',
		sql: `
CREATE TABLE people (
	uid text PRIMARY KEY,
	name text NOT NULL,
	kind text NOT NULL CHECK (kind IN ('staff', 'customer')),
	role text CHECK (role IN ('staff', 'supervisor', 'admin')),
	active boolean NOT NULL DEFAULT true,
	pin_salt text,
	pin_hash text,
	pin_iterations integer
);
CREATE TABLE devices (
	id text PRIMARY KEY,
	label text NOT NULL,
	token_hash text NOT NULL,
	enrolled_by text,
	enrolled_at timestamptz NOT NULL,
	revoked_at timestamptz
);
CREATE TABLE stations (
	id text PRIMARY KEY,
	position integer NOT NULL,
	version integer NOT NULL DEFAULT 1,
	doc jsonb NOT NULL
);
CREATE TABLE reservations (
	id text PRIMARY KEY,
	owner_uid text NOT NULL,
	status text NOT NULL,
	assigned_station_id text,
	is_archived boolean NOT NULL DEFAULT false,
	version integer NOT NULL,
	doc jsonb NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX reservations_station ON reservations (assigned_station_id) WHERE NOT is_archived;
CREATE TABLE stage_history (
	reservation_id text NOT NULL,
	idx integer NOT NULL,
	entry jsonb NOT NULL,
	PRIMARY KEY (reservation_id, idx)
);
CREATE TABLE notifications (
	id text PRIMARY KEY,
	reservation_id text NOT NULL,
	doc jsonb NOT NULL
);
CREATE INDEX notifications_reservation ON notifications (reservation_id);
CREATE TABLE fairness_audit (
	evidence_id text PRIMARY KEY,
	reservation_id text NOT NULL,
	doc jsonb NOT NULL
);
CREATE INDEX fairness_audit_reservation ON fairness_audit (reservation_id);
CREATE TABLE storage_audit (
	audit_id text PRIMARY KEY,
	reservation_id text NOT NULL,
	doc jsonb NOT NULL
);
CREATE INDEX storage_audit_reservation ON storage_audit (reservation_id);
CREATE TABLE applied_actions (
	device_id text NOT NULL,
	queue_revision integer NOT NULL,
	actor_uid text NOT NULL,
	type text NOT NULL,
	reservation_id text,
	result jsonb,
	applied_at timestamptz NOT NULL,
	PRIMARY KEY (device_id, queue_revision)
);
CREATE TABLE change_log (
	seq bigserial PRIMARY KEY,
	reservation_id text,
	station_id text,
	device_id text,
	version integer NOT NULL,
	groups text[] NOT NULL DEFAULT '{}',
	at timestamptz NOT NULL
);
CREATE INDEX change_log_reservation ON change_log (reservation_id, version);
CREATE TABLE audit_log (
	id bigserial PRIMARY KEY,
	device_id text,
	actor_uid text,
	code text NOT NULL,
	at timestamptz NOT NULL,
	detail jsonb
);`
	},
	{
		id: 2,
		name: 'customer email, notification delivery',
		sql: `
ALTER TABLE people ADD COLUMN email text;
CREATE UNIQUE INDEX people_email ON people (email) WHERE email IS NOT NULL;
ALTER TABLE notifications ADD COLUMN delivery_attempts integer NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN next_attempt_at timestamptz;
ALTER TABLE notifications ADD COLUMN lease_until timestamptz;
ALTER TABLE notifications ADD COLUMN last_error text;
ALTER TABLE notifications ADD COLUMN delivered_at timestamptz;
CREATE INDEX notifications_queued ON notifications (next_attempt_at) WHERE doc->>'status' = 'queued'`
	},
	{
		id: 801,
		name: 'per-device acknowledged revision, so stored results can be pruned',
		sql: `
CREATE TABLE result_floors (
	device_id text PRIMARY KEY,
	acked_through integer NOT NULL,
	updated_at timestamptz NOT NULL
)`
	}
];

// Two app servers starting at once must not both migrate.
const MIGRATION_LOCK = 7_246_001;

/** Applies the migrations this store has not seen yet; returns the ids it applied. */
export async function migrate(store: Store): Promise<number[]> {
	return store.transaction(async (tx) => {
		await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
		await tx.query(
			`CREATE TABLE IF NOT EXISTS migrations (
				id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`
		);
		const done = new Set(
			(await tx.query<{ id: number }>('SELECT id FROM migrations')).map((r) => Number(r.id))
		);
		const applied: number[] = [];
		for (const m of MIGRATIONS) {
			if (done.has(m.id)) continue;
			for (const stmt of m.sql.split(';').map((s) => s.trim())) {
				if (stmt) await tx.query(stmt);
			}
			await tx.query('INSERT INTO migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
			applied.push(m.id);
		}
		return applied;
	});
}
