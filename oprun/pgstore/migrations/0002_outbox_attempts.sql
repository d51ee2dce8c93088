-- Failed deliveries: how many, and the dead-letter state after the last
-- one a service allows. A notification that died is never pending again.
ALTER TABLE oprun_outbox ADD COLUMN attempts integer NOT NULL DEFAULT 0;
ALTER TABLE oprun_outbox ADD COLUMN dead_at timestamptz;

DROP INDEX oprun_outbox_pending;
CREATE INDEX oprun_outbox_pending ON oprun_outbox (seq) WHERE delivered_at IS NULL AND dead_at IS NULL;

INSERT INTO oprun_schema_migrations (version, name) VALUES (2, '0002_outbox_attempts.sql');
