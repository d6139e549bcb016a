import type { Store } from './store/types';

/** Numbered, append-only. Never edit a shipped entry: add the next number. */
// `sql` as one string is split on ';'; a list runs each statement as written (function bodies).
export const MIGRATIONS: readonly { id: number; name: string; sql: string | readonly string[] }[] =
	[
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
			id: 101,
			name: 'staff notes become an append-only list of entries',
			// A string note becomes one entry (source 'legacy'); null becomes []. Stored push results
			// carry a copy of the card too, so a replayed answer still matches the wire contract.
			sql: `
CREATE FUNCTION pg_temp.kb_notes(doc jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE jsonb_typeof(doc->'staffNotes')
		WHEN 'string' THEN jsonb_build_array(jsonb_build_object(
			'id', 'legacy:' || (doc->>'id'),
			'at', doc->>'updatedAt',
			'byUid', 'legacy',
			'text', left(doc->>'staffNotes', 1500),
			'source', 'legacy'))
		WHEN 'array' THEN doc->'staffNotes'
		ELSE '[]'::jsonb END
$$;
UPDATE reservations SET doc = jsonb_set(doc, '{staffNotes}', pg_temp.kb_notes(doc))
	WHERE jsonb_typeof(doc->'staffNotes') IS DISTINCT FROM 'array';
UPDATE applied_actions
	SET result = jsonb_set(result, '{reservation,staffNotes}', pg_temp.kb_notes(result->'reservation'))
	WHERE jsonb_typeof(result->'reservation') = 'object'
	AND jsonb_typeof(result->'reservation'->'staffNotes') IS DISTINCT FROM 'array';
DROP FUNCTION pg_temp.kb_notes(jsonb)`
		},
		{
			id: 401,
			name: 'change-log commits notify listening servers',
			// A statement trigger rather than a call in each writer: every path that appends to the
			// change log (push, jobs, public requests, admin) reaches the other servers, at commit.
			sql: [
				`CREATE OR REPLACE FUNCTION kilnboard_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('kilnboard:' || current_schema(), (SELECT max(seq)::text FROM fresh));
	RETURN NULL;
END $$`,
				`CREATE TRIGGER change_log_notify AFTER INSERT ON change_log
			 REFERENCING NEW TABLE AS fresh FOR EACH STATEMENT EXECUTE FUNCTION kilnboard_notify_change()`
			]
		},
		{
			id: 301,
			name: 'security: scrypt PIN keys, enrolment codes, device reports, shared limits, refusal counters',
			sql: `
ALTER TABLE people ADD COLUMN pin_kdf text;
ALTER TABLE people ADD COLUMN pin_proof_key text;
CREATE TABLE enrol_codes (
	code_hash text PRIMARY KEY,
	created_by text,
	created_via text NOT NULL,
	created_at timestamptz NOT NULL,
	expires_at timestamptz NOT NULL,
	used_at timestamptz,
	used_by_device text
);
ALTER TABLE devices ADD COLUMN last_seen_at timestamptz;
ALTER TABLE devices ADD COLUMN unsent_reported integer;
CREATE TABLE rate_counters (
	scope text NOT NULL,
	key text NOT NULL,
	window_start timestamptz NOT NULL,
	count integer NOT NULL,
	PRIMARY KEY (scope, key, window_start)
);
CREATE TABLE refusal_counters (
	code text NOT NULL,
	source text NOT NULL,
	minute timestamptz NOT NULL,
	count integer NOT NULL,
	PRIMARY KEY (code, source, minute)
);
CREATE TABLE tickets (
	ticket_hash text PRIMARY KEY,
	person_uid text,
	device_id text NOT NULL,
	purpose text NOT NULL,
	expires_at timestamptz NOT NULL
)`
		},
		{
			id: 302,
			name: 'security: each supervisor/admin action proof is used once',
			sql: `
CREATE TABLE used_proofs (
	device_id text NOT NULL,
	proof text NOT NULL,
	queue_revision integer NOT NULL,
	PRIMARY KEY (device_id, proof)
)`
		},
		{
			id: 303,
			name: 'security: unconfirmed lane for public requests during a flood',
			sql: `
CREATE TABLE pending_requests (
	id text PRIMARY KEY,
	body jsonb NOT NULL,
	source text NOT NULL,
	received_at timestamptz NOT NULL,
	status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'accepted', 'rejected')),
	decided_by text,
	decided_at timestamptz,
	reservation_id text
);
CREATE INDEX pending_requests_waiting ON pending_requests (received_at) WHERE status = 'waiting'`
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
		},
		{
			id: 1101,
			name: 'customer status links: sha256 of each capability token, never the token itself',
			sql: `
CREATE TABLE status_links (
	token_hash text PRIMARY KEY,
	reservation_id text NOT NULL,
	created_at timestamptz NOT NULL,
	revoked_at timestamptz,
	unsent_token text
);
CREATE INDEX status_links_reservation ON status_links (reservation_id)`
		},
		{
			id: 1001,
			name: 'the studio price table (one row; fees are fixed from it at first loaded)',
			sql: `CREATE TABLE price_table (id integer PRIMARY KEY CHECK (id = 1), doc jsonb NOT NULL)`
		},
		{
			id: 901,
			name: 'firings (one kiln load of many reservations) and their change-log rows',
			sql: `
CREATE TABLE firings (
	id text PRIMARY KEY,
	station_id text NOT NULL,
	state text NOT NULL,
	planned_date timestamptz NOT NULL,
	version integer NOT NULL,
	doc jsonb NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX firings_station_planned ON firings (station_id, planned_date);
CREATE INDEX firings_active ON firings (state) WHERE state <> 'unloaded';
ALTER TABLE change_log ADD COLUMN firing_id text`
		},
		{
			id: 1801,
			name: 'customer phone (optional, from the public request form)',
			sql: `ALTER TABLE people ADD COLUMN phone text`
		}
	];

/** The LISTEN channel of a schema's change log (see migration 401). */
export const changeChannel = (schema: string) => `kilnboard:${schema}`;

// Two app servers starting at once must not both migrate.
const MIGRATION_LOCK = 7_246_001;

/** Applies the migrations this store has not seen yet; returns the ids it applied. */
export async function migrate(store: Store): Promise<number[]> {
	return store.transaction(async (tx) => {
		// Waiting for another server's migration, or a slow ALTER, is not a runaway statement.
		await tx.query('SET LOCAL statement_timeout = 0');
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
			const stmts = typeof m.sql === 'string' ? m.sql.split(';') : m.sql;
			for (const stmt of stmts.map((s) => s.trim())) {
				if (stmt) await tx.query(stmt);
			}
			await tx.query('INSERT INTO migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
			applied.push(m.id);
		}
		return applied;
	});
}
