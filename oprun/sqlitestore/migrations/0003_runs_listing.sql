-- Service.List pages a workspace's runs newest first.
CREATE INDEX oprun_runs_listing ON oprun_runs (workspace, created_at DESC, id DESC);

INSERT INTO oprun_schema_migrations (version, name) VALUES (3, '0003_runs_listing.sql');
