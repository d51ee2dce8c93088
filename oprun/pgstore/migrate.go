package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

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
// in version order and in one transaction, the embedded migrations that
// the database does not have yet, and records each in the table
// oprun_schema_migrations. Tables are created in the first schema of the
// connection's search_path. Concurrent calls are serialized by an
// advisory lock, and a second call finds nothing to do, so Migrate may
// run at every start of a service or as a separate deployment step.
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
	if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS oprun_schema_migrations (
	version    integer     NOT NULL PRIMARY KEY,
	name       text        NOT NULL,
	applied_at timestamptz NOT NULL DEFAULT now()
)`); err != nil {
		return fmt.Errorf("pgstore: migrate: create oprun_schema_migrations: %w", err)
	}
	var current int
	if err := tx.QueryRow(ctx, "SELECT COALESCE(max(version), 0) FROM oprun_schema_migrations").Scan(&current); err != nil {
		return fmt.Errorf("pgstore: migrate: read schema version: %w", err)
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
		if _, err := tx.Exec(ctx, "INSERT INTO oprun_schema_migrations (version, name) VALUES ($1, $2)", m.Version, m.Name); err != nil {
			return fmt.Errorf("pgstore: migrate: record %s: %w", m.Name, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("pgstore: migrate: commit: %w", err)
	}
	return nil
}

// checkSchema reports ErrNotMigrated unless db's schema has every
// embedded migration.
func checkSchema(ctx context.Context, db DB) error {
	ms, err := schema.Load(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	want := schema.Latest(ms)
	var have int
	err = db.QueryRow(ctx, "SELECT COALESCE(max(version), 0) FROM oprun_schema_migrations").Scan(&have)
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == codeUndefinedTable {
		return fmt.Errorf("%w: no oprun_schema_migrations table; run pgstore.Migrate", ErrNotMigrated)
	}
	if err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if have < want {
		return fmt.Errorf("%w: schema version %d, want %d; run pgstore.Migrate", ErrNotMigrated, have, want)
	}
	return nil
}
