package pgstore

import (
	"cmp"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// ErrNotMigrated reports a database whose schema is older than this
// package's: run [Migrate] first.
var ErrNotMigrated = errors.New("pgstore: database schema is not migrated")

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one versioned schema change, from migrations/NNNN_name.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// migrationLock is the key of the transaction-scoped advisory lock that
// serializes concurrent Migrate calls on one database.
const migrationLock int64 = 0x6f7072756e_01 // "oprun", 1

// loadMigrations reads the embedded migrations, sorted by version.
func loadMigrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		name := e.Name()
		prefix, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(prefix)
		if !ok || err != nil || v <= 0 || path.Ext(name) != ".sql" {
			return nil, fmt.Errorf("migration %q: name must be NNNN_description.sql", name)
		}
		data, err := migrationFiles.ReadFile("migrations/" + name)
		if err != nil {
			return nil, fmt.Errorf("read migration %q: %w", name, err)
		}
		ms = append(ms, migration{version: v, name: name, sql: string(data)})
	}
	slices.SortFunc(ms, func(a, b migration) int { return cmp.Compare(a.version, b.version) })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %q and %q have the same version", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// latestVersion is the version of the newest embedded migration.
func latestVersion() (int, error) {
	ms, err := loadMigrations()
	if err != nil {
		return 0, err
	}
	if len(ms) == 0 {
		return 0, nil
	}
	return ms[len(ms)-1].version, nil
}

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
	ms, err := loadMigrations()
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
		if m.version <= current {
			continue
		}
		// No arguments: pgx sends the file with the simple protocol,
		// which runs several statements.
		if _, err := tx.Exec(ctx, m.sql); err != nil {
			return fmt.Errorf("pgstore: migrate: apply %s: %w", m.name, err)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO oprun_schema_migrations (version, name) VALUES ($1, $2)", m.version, m.name); err != nil {
			return fmt.Errorf("pgstore: migrate: record %s: %w", m.name, err)
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
	want, err := latestVersion()
	if err != nil {
		return err
	}
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
