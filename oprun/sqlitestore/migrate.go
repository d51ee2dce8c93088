package sqlitestore

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"strings"

	"github.com/runtruth/runtruth/oprun/internal/schema"
)

// ErrNotMigrated reports a database whose schema is older than this
// package's: run [Migrate] first.
var ErrNotMigrated = errors.New("sqlitestore: database schema is not migrated")

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Migrate brings the schema of the store's tables up to date: it applies,
// in version order and in one immediate transaction, the migrations of
// [Migrations] that the database does not have yet. Each records its
// version in the table oprun_schema_migrations. Concurrent calls, from
// this process or others, are serialized by SQLite's write lock, and a
// second call finds nothing to do, so Migrate may run at every start of a
// program.
func Migrate(ctx context.Context, db *sql.DB) error {
	ms, err := schema.Load(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("sqlitestore: migrate: %w", err)
	}
	err = immediate(ctx, db, func(conn queryer) error {
		current, err := schemaVersion(ctx, conn)
		if err != nil {
			return err
		}
		for _, m := range ms {
			if m.Version <= current {
				continue
			}
			if _, err := conn.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("apply %s: %w", m.Name, err)
			}
			if current, err = schemaVersion(ctx, conn); err != nil {
				return err
			}
			if current != m.Version {
				return fmt.Errorf("apply %s: it did not record version %d in oprun_schema_migrations", m.Name, m.Version)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlitestore: migrate: %w", err)
	}
	return nil
}

// Migrations returns the SQL migrations of the store's tables, for a
// migration tool of your own instead of [Migrate]: one file per version
// at the root, named NNNN_description.sql, to apply in name order, each
// once and in a transaction. Every file records its version in the table
// oprun_schema_migrations, which [New] checks, so a database migrated by
// another tool opens as one migrated by Migrate, and Migrate on it later
// applies only what is newer.
func Migrations() fs.FS {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		panic(err) // unreachable: the directory is embedded
	}
	return sub
}

// schemaVersion returns the newest version recorded in
// oprun_schema_migrations, or 0 when the table does not exist yet.
func schemaVersion(ctx context.Context, conn queryer) (int, error) {
	var version int
	err := conn.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM oprun_schema_migrations`).Scan(&version)
	if err != nil && strings.Contains(err.Error(), "no such table") {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return version, nil
}

// checkSchema reports ErrNotMigrated unless db's schema has every
// migration.
func checkSchema(ctx context.Context, db queryer) error {
	ms, err := schema.Load(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	have, err := schemaVersion(ctx, db)
	if err != nil {
		return err
	}
	if want := schema.Latest(ms); have < want {
		return fmt.Errorf("%w: schema version %d, want %d; run sqlitestore.Migrate", ErrNotMigrated, have, want)
	}
	return nil
}
