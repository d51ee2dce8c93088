package sqlitestore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strings"

	"github.com/runtruth/runtruth/oprun/internal/schema"
)

// ErrNotMigrated reports a database whose schema is older than this
// package's: run [Migrate] first.
var ErrNotMigrated = errors.New("sqlitestore: database schema is not migrated")

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate brings the schema of the store's tables up to date: it applies,
// in version order and in one immediate transaction, the embedded
// migrations that the database does not have yet, and records each in the
// table oprun_schema_migrations. Concurrent calls, from this process or
// others, are serialized by SQLite's write lock, and a second call finds
// nothing to do, so Migrate may run at every start of a program.
func Migrate(ctx context.Context, db *sql.DB) error {
	ms, err := schema.Load(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("sqlitestore: migrate: %w", err)
	}
	err = immediate(ctx, db, func(conn queryer) error {
		if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS oprun_schema_migrations (
	version    INTEGER NOT NULL PRIMARY KEY,
	name       TEXT    NOT NULL,
	applied_at INTEGER NOT NULL DEFAULT (unixepoch())
) STRICT`); err != nil {
			return fmt.Errorf("create oprun_schema_migrations: %w", err)
		}
		var current int
		if err := conn.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM oprun_schema_migrations").Scan(&current); err != nil {
			return fmt.Errorf("read schema version: %w", err)
		}
		for _, m := range ms {
			if m.Version <= current {
				continue
			}
			if _, err := conn.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("apply %s: %w", m.Name, err)
			}
			if _, err := conn.ExecContext(ctx, "INSERT INTO oprun_schema_migrations (version, name) VALUES (?, ?)", m.Version, m.Name); err != nil {
				return fmt.Errorf("record %s: %w", m.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: migrate: %w", err)
	}
	return nil
}

// checkSchema reports ErrNotMigrated unless db's schema has every
// embedded migration.
func checkSchema(ctx context.Context, db *sql.DB) error {
	ms, err := schema.Load(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	want := schema.Latest(ms)
	var have int
	err = db.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM oprun_schema_migrations").Scan(&have)
	if err != nil && strings.Contains(err.Error(), "no such table") {
		return fmt.Errorf("%w: no oprun_schema_migrations table; run sqlitestore.Migrate", ErrNotMigrated)
	}
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if have < want {
		return fmt.Errorf("%w: schema version %d, want %d; run sqlitestore.Migrate", ErrNotMigrated, have, want)
	}
	return nil
}
