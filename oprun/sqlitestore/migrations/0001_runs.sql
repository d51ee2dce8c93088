-- Runs, their audit trail and the notification outbox. Times are
-- microseconds since the Unix epoch (UTC); NULL is the zero time.

-- The versions applied, each recorded by its own migration, so that a
-- database migrated by another tool from sqlitestore.Migrations() opens
-- as one migrated by sqlitestore.Migrate.
CREATE TABLE IF NOT EXISTS oprun_schema_migrations (
	version    INTEGER NOT NULL PRIMARY KEY,
	name       TEXT    NOT NULL,
	applied_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT;

CREATE TABLE oprun_runs (
	id                  TEXT    NOT NULL PRIMARY KEY CHECK (id <> ''),
	type                TEXT    NOT NULL CHECK (type <> ''),
	workspace           TEXT    NOT NULL,
	managed_environment TEXT    NOT NULL,
	target_scope        TEXT    NOT NULL,
	initiator           TEXT    NOT NULL,
	status              TEXT    NOT NULL
		CONSTRAINT oprun_runs_status_valid CHECK (status IN ('queued', 'running', 'completed')),
	outcome             TEXT    NOT NULL
		CONSTRAINT oprun_runs_outcome_valid CHECK (outcome IN ('pending', 'succeeded', 'partially_succeeded', 'failed', 'blocked', 'cancelled')),
	identity            TEXT    NOT NULL DEFAULT '',
	attempt             INTEGER NOT NULL CHECK (attempt >= 1),
	parent_id           TEXT    NOT NULL DEFAULT '',
	summary             TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(summary) AND json_type(summary) = 'object'),
	context             TEXT    NOT NULL DEFAULT '{}' CHECK (json_valid(context) AND json_type(context) = 'object'),
	reason_code         TEXT    NOT NULL DEFAULT '',
	reason_message      TEXT    NOT NULL DEFAULT '',
	notify              INTEGER NOT NULL DEFAULT 0 CHECK (notify IN (0, 1)),
	cancel_requested    INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
	created_at          INTEGER NOT NULL,
	started_at          INTEGER,
	heartbeat_at        INTEGER,
	completed_at        INTEGER,
	version             INTEGER NOT NULL CHECK (version >= 1),
	-- A run has a terminal outcome and a completion time exactly when it
	-- is completed.
	CONSTRAINT oprun_runs_outcome_matches_status
		CHECK ((status = 'completed') = (outcome <> 'pending')),
	CONSTRAINT oprun_runs_completed_at_matches_status
		CHECK ((status = 'completed') = (completed_at IS NOT NULL))
) STRICT;

-- At most one active run per (workspace, type, identity).
CREATE UNIQUE INDEX oprun_runs_active_identity
	ON oprun_runs (workspace, type, identity)
	WHERE status IN ('queued', 'running') AND identity <> '';

-- At most one retry per run.
CREATE UNIQUE INDEX oprun_runs_one_retry
	ON oprun_runs (parent_id)
	WHERE parent_id <> '';

-- Active runs by type and last sign of life, for stale reconciliation.
CREATE INDEX oprun_runs_last_seen
	ON oprun_runs (type, coalesce(heartbeat_at, created_at), id)
	WHERE status IN ('queued', 'running');

CREATE TABLE oprun_audit (
	seq         INTEGER NOT NULL PRIMARY KEY,
	run_id      TEXT    NOT NULL REFERENCES oprun_runs (id),
	event       TEXT    NOT NULL,
	from_status TEXT    NOT NULL CHECK (from_status IN ('', 'queued', 'running', 'completed')),
	to_status   TEXT    NOT NULL CHECK (to_status IN ('queued', 'running', 'completed')),
	outcome     TEXT    NOT NULL,
	actor       TEXT    NOT NULL,
	reason_code TEXT    NOT NULL DEFAULT '',
	at          INTEGER NOT NULL
) STRICT;

CREATE INDEX oprun_audit_run ON oprun_audit (run_id, seq);

-- The transactional outbox: notifications are written in the transaction
-- that writes the transition, and delivered at least once afterwards.
CREATE TABLE oprun_outbox (
	seq             INTEGER NOT NULL PRIMARY KEY,
	idempotency_key TEXT    NOT NULL UNIQUE,
	run_id          TEXT    NOT NULL REFERENCES oprun_runs (id),
	payload         TEXT    NOT NULL CHECK (json_valid(payload)),
	leased_until    INTEGER,
	delivered_at    INTEGER
) STRICT;

CREATE INDEX oprun_outbox_pending ON oprun_outbox (seq) WHERE delivered_at IS NULL;

INSERT INTO oprun_schema_migrations (version, name) VALUES (1, '0001_runs.sql');
