-- Runs, their audit trail and the notification outbox.

-- The versions applied, each recorded by its own migration, so that a
-- database migrated by another tool from pgstore.Migrations() opens as
-- one migrated by pgstore.Migrate.
CREATE TABLE IF NOT EXISTS oprun_schema_migrations (
	version    integer     NOT NULL PRIMARY KEY,
	name       text        NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE oprun_runs (
	id                  text        NOT NULL PRIMARY KEY CHECK (id <> ''),
	type                text        NOT NULL CHECK (type <> ''),
	workspace           text        NOT NULL,
	managed_environment text        NOT NULL,
	target_scope        text        NOT NULL,
	initiator           text        NOT NULL,
	status              text        NOT NULL
		CONSTRAINT oprun_runs_status_valid CHECK (status IN ('queued', 'running', 'completed')),
	outcome             text        NOT NULL
		CONSTRAINT oprun_runs_outcome_valid CHECK (outcome IN ('pending', 'succeeded', 'partially_succeeded', 'failed', 'blocked', 'cancelled')),
	identity            text        NOT NULL DEFAULT '',
	attempt             integer     NOT NULL CHECK (attempt >= 1),
	parent_id           text        NOT NULL DEFAULT '',
	summary             jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(summary) = 'object'),
	context             jsonb       NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(context) = 'object'),
	reason_code         text        NOT NULL DEFAULT '',
	reason_message      text        NOT NULL DEFAULT '',
	notify              boolean     NOT NULL DEFAULT false,
	cancel_requested    boolean     NOT NULL DEFAULT false,
	created_at          timestamptz NOT NULL,
	started_at          timestamptz,
	heartbeat_at        timestamptz,
	completed_at        timestamptz,
	version             bigint      NOT NULL CHECK (version >= 1),
	-- A run has a terminal outcome and a completion time exactly when it
	-- is completed.
	CONSTRAINT oprun_runs_outcome_matches_status
		CHECK ((status = 'completed') = (outcome <> 'pending')),
	CONSTRAINT oprun_runs_completed_at_matches_status
		CHECK ((status = 'completed') = (completed_at IS NOT NULL))
);

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
	ON oprun_runs (type, (COALESCE(heartbeat_at, created_at)), id)
	WHERE status IN ('queued', 'running');

CREATE TABLE oprun_audit (
	seq         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	run_id      text        NOT NULL REFERENCES oprun_runs (id),
	event       text        NOT NULL,
	from_status text        NOT NULL CHECK (from_status IN ('', 'queued', 'running', 'completed')),
	to_status   text        NOT NULL CHECK (to_status IN ('queued', 'running', 'completed')),
	outcome     text        NOT NULL,
	actor       text        NOT NULL,
	reason_code text        NOT NULL DEFAULT '',
	at          timestamptz NOT NULL
);

CREATE INDEX oprun_audit_run ON oprun_audit (run_id, seq);

-- The transactional outbox: notifications are written in the statement
-- that writes the transition, and delivered at least once afterwards.
CREATE TABLE oprun_outbox (
	idempotency_key text        NOT NULL PRIMARY KEY,
	seq             bigint      GENERATED ALWAYS AS IDENTITY UNIQUE,
	run_id          text        NOT NULL REFERENCES oprun_runs (id),
	payload         jsonb       NOT NULL,
	leased_until    timestamptz,
	delivered_at    timestamptz
);

CREATE INDEX oprun_outbox_pending ON oprun_outbox (seq) WHERE delivered_at IS NULL;

INSERT INTO oprun_schema_migrations (version, name) VALUES (1, '0001_runs.sql');
