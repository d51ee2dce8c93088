package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5"

	"github.com/runtruth/runtruth/oprun/internal/schema"
)

// ErrNotMigrated reports a database whose schema is older than this
// package's: run [Migrate] first.
var ErrNotMigrated = errors.New("pgstore: database schema is not migrated")

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationLock is the key of the transaction-scoped advisory lock that
// serializes concurrent Migrate calls on one database.
const migrationLock int64 = 0x6f7072756e_01 // "oprun", 1

// Beginner starts transactions; [*pgxpool.Pool] and [*pgx.Conn] implement it.
//
// [*pgxpool.Pool]: https://pkg.go.dev/github.com/jackc/pgx/v5/pgxpool#Pool
type Beginner interface {
	Begin(ctx context.Context) (pgx.Tx, error)
}

// Migrate brings the schema of the store's tables up to date: it applies,
// in version order and in one transaction, the migrations of
// [Migrations] that the database does not have yet. Each records its
// version in the table oprun_schema_migrations. Tables are created in the
// first schema of the connection's search_path. Concurrent calls are
// serialized by an advisory lock, and a second call finds nothing to do,
// so Migrate may run at every start of a service or as a separate
// deployment step.
func Migrate(ctx context.Context, db Beginner) (err error) {
	ms, err := schema.Load(migrationFiles, "migrations")
	if err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	tx, err := db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("pgstore: migrate: begin: %w", err)
	}
	defer func() {
		if err != nil {
			if rerr := tx.Rollback(context.WithoutCancel(ctx)); rerr != nil && !errors.Is(rerr, pgx.ErrTxClosed) {
				err = errors.Join(err, fmt.Errorf("pgstore: migrate: rollback: %w", rerr))
			}
		}
	}()
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrationLock); err != nil {
		return fmt.Errorf("pgstore: migrate: lock: %w", err)
	}
	current, err := schemaVersion(ctx, tx)
	if err != nil {
		return fmt.Errorf("pgstore: migrate: %w", err)
	}
	for _, m := range ms {
		if m.Version <= current {
			continue
		}
		// No arguments: pgx sends the file with the simple protocol,
		// which runs several statements.
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			return fmt.Errorf("pgstore: migrate: apply %s: %w", m.Name, err)
		}
		if current, err = schemaVersion(ctx, tx); err != nil {
			return fmt.Errorf("pgstore: migrate: %w", err)
		}
		if current != m.Version {
			return fmt.Errorf("pgstore: migrate: apply %s: it did not record version %d in oprun_schema_migrations", m.Name, m.Version)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("pgstore: migrate: commit: %w", err)
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
// oprun_schema_migrations, or 0 when the table does not exist (in the
// search_path) yet. A missing table is no error, which would abort a
// transaction.
func schemaVersion(ctx context.Context, db DB) (int, error) {
	var exists bool
	if err := db.QueryRow(ctx, "SELECT to_regclass('oprun_schema_migrations') IS NOT NULL").Scan(&exists); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if !exists {
		return 0, nil
	}
	var version int
	if err := db.QueryRow(ctx, "SELECT COALESCE(max(version), 0) FROM oprun_schema_migrations").Scan(&version); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return version, nil
}

// checkSchema reports ErrNotMigrated unless db's schema has every
// migration.
func checkSchema(ctx context.Context, db DB) error {
	ms, err := schema.Load(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	have, err := schemaVersion(ctx, db)
	if err != nil {
		return err
	}
	if want := schema.Latest(ms); have < want {
		return fmt.Errorf("%w: schema version %d, want %d; run pgstore.Migrate", ErrNotMigrated, have, want)
	}
	return nil
}
