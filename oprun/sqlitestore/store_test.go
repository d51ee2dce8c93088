package sqlitestore_test

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
	"github.com/runtruth/runtruth/oprun/internal/storecheck"
	"github.com/runtruth/runtruth/oprun/sqlitestore"
	"github.com/runtruth/runtruth/oprun/storetest"
)

// pathEnv passes the database path of a test to a re-executed test binary.
const pathEnv = "OPRUN_SQLITESTORE_PATH"

// openDB opens the database at path, closed when the test ends.
func openDB(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	db, err := sqlitestore.Open(tb.Context(), path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close database: %v", err)
		}
	})
	return db
}

func openStore(tb testing.TB, db *sql.DB) *sqlitestore.Store {
	tb.Helper()
	s, err := sqlitestore.New(tb.Context(), db)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// newStore returns a Store on a new, migrated database file.
func newStore(tb testing.TB) (*sqlitestore.Store, *sql.DB) {
	tb.Helper()
	db := openDB(tb, filepath.Join(tb.TempDir(), "runs.db"))
	if err := sqlitestore.Migrate(tb.Context(), db); err != nil {
		tb.Fatal(err)
	}
	return openStore(tb, db), db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) oprun.Store {
		s, _ := newStore(t)
		return s
	})
}

func TestMigrateIsIdempotent(t *testing.T) {
	ctx := t.Context()
	db := openDB(t, filepath.Join(t.TempDir(), "runs.db"))

	_, err := sqlitestore.New(ctx, db)
	require.ErrorIs(t, err, sqlitestore.ErrNotMigrated)

	require.NoError(t, sqlitestore.Migrate(ctx, db))
	require.NoError(t, sqlitestore.Migrate(ctx, db), "a second Migrate finds nothing to do")
	var n int
	require.NoError(t, db.QueryRowContext(ctx, "SELECT count(*) FROM oprun_schema_migrations").Scan(&n))
	files, err := filepath.Glob("migrations/*.sql")
	require.NoError(t, err)
	assert.Equal(t, len(files), n, "one row a migration")
	_, err = sqlitestore.New(ctx, db)
	require.NoError(t, err)
}

// TestMigrationsOfAnotherTool applies Migrations() as a migration tool
// of the user's would: each file in its own transaction. The store then
// opens, and Migrate has nothing left to do; after the first file alone,
// the store refuses to open and Migrate applies the rest.
func TestMigrationsOfAnotherTool(t *testing.T) {
	ctx := t.Context()
	files, err := fs.Glob(sqlitestore.Migrations(), "*.sql")
	require.NoError(t, err)
	require.Len(t, files, 3)
	apply := func(db *sql.DB, name string) {
		src, err := fs.ReadFile(sqlitestore.Migrations(), name)
		require.NoError(t, err)
		tx, err := db.BeginTx(ctx, nil)
		require.NoError(t, err)
		_, err = tx.ExecContext(ctx, string(src))
		require.NoError(t, err, name)
		require.NoError(t, tx.Commit())
	}
	versions := func(db *sql.DB) (n, latest int) {
		require.NoError(t, db.QueryRowContext(ctx, "SELECT count(*), max(version) FROM oprun_schema_migrations").Scan(&n, &latest))
		return n, latest
	}

	all := openDB(t, filepath.Join(t.TempDir(), "all.db"))
	for _, name := range files {
		apply(all, name)
	}
	openStore(t, all)
	require.NoError(t, sqlitestore.Migrate(ctx, all))
	n, latest := versions(all)
	assert.Equal(t, 3, n, "each migration recorded once")
	assert.Equal(t, 3, latest)

	first := openDB(t, filepath.Join(t.TempDir(), "first.db"))
	apply(first, files[0])
	_, err = sqlitestore.New(ctx, first)
	require.ErrorIs(t, err, sqlitestore.ErrNotMigrated)
	assert.ErrorContains(t, err, "schema version 1, want 3")
	require.NoError(t, sqlitestore.Migrate(ctx, first))
	n, latest = versions(first)
	assert.Equal(t, 3, n)
	assert.Equal(t, 3, latest)
	openStore(t, first)
}

func TestConcurrentMigrate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	errs := make(chan error, 4)
	for range 4 {
		db := openDB(t, path) // as if from several processes
		go func() { errs <- sqlitestore.Migrate(t.Context(), db) }()
	}
	for range 4 {
		require.NoError(t, <-errs)
	}
	_, err := sqlitestore.New(t.Context(), openDB(t, path))
	require.NoError(t, err)
}

func TestOpenRefusesMemoryAndURIs(t *testing.T) {
	for _, path := range []string{"", ":memory:", "file:runs.db?mode=memory"} {
		_, err := sqlitestore.Open(t.Context(), path)
		assert.Error(t, err, path)
	}
}

func TestOpenPathWithURICharacters(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a?b#c%d")
	require.NoError(t, os.Mkdir(dir, 0o755))
	path := filepath.Join(dir, "runs.db")
	db := openDB(t, path)
	require.NoError(t, sqlitestore.Migrate(t.Context(), db))
	_, err := os.Stat(path)
	require.NoError(t, err, "the database is at the path given")
}

// TestDurableAcrossReopen checks that what a store wrote is there after
// the database is closed and opened again.
func TestDurableAcrossReopen(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "runs.db")
	db, err := sqlitestore.Open(ctx, path)
	require.NoError(t, err)
	require.NoError(t, sqlitestore.Migrate(ctx, db))
	s := openStore(t, db)
	stored, _, err := s.InsertOrGetActive(ctx, newRun("r1"), oprun.Effects{})
	require.NoError(t, err)
	require.NoError(t, s.IncrementSummary(ctx, "r1", []oprun.SummaryDelta{{Key: oprun.SummaryItemsTotal, Delta: 3}}, true))
	require.NoError(t, db.Close())

	again := openStore(t, openDB(t, path))
	got, err := again.Get(ctx, "r1")
	require.NoError(t, err)
	stored.Summary = map[oprun.SummaryKey]int64{oprun.SummaryItemsTotal: 3}
	assert.Equal(t, stored, got)
}

// TestConstraints writes inconsistent runs past the Store's API and
// checks that the schema refuses them.
func TestConstraints(t *testing.T) {
	_, db := newStore(t)
	ctx := t.Context()
	insert := `INSERT INTO oprun_runs (id, type, workspace, managed_environment, target_scope, initiator,
		status, outcome, attempt, created_at, completed_at, version)
		VALUES (?, 'sync', 'ws-1', 'env-1', 'mailbox:a', 'user-1', ?, ?, 1, 0, ?, 1)`
	now := time.Now().UnixMicro()
	for _, tc := range []struct {
		name, status, outcome string
		completed             any
		constraint            string
	}{
		{"queued with an outcome", "queued", "succeeded", nil, "oprun_runs_outcome_matches_status"},
		{"completed without an outcome", "completed", "pending", now, "oprun_runs_outcome_matches_status"},
		{"completed without a time", "completed", "failed", nil, "oprun_runs_completed_at_matches_status"},
		{"running with a completion time", "running", "pending", now, "oprun_runs_completed_at_matches_status"},
		{"unknown status", "paused", "pending", nil, "oprun_runs_status_valid"},
	} {
		_, err := db.ExecContext(ctx, insert, "r-"+tc.status+"-"+tc.outcome, tc.status, tc.outcome, tc.completed)
		require.Error(t, err, tc.name)
		assert.Contains(t, err.Error(), tc.constraint, tc.name)
	}
}

// TestCompareAndSwapRefusesInconsistentRun checks that the status and
// outcome constraints surface as illegal transitions.
func TestCompareAndSwapRefusesInconsistentRun(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	stored, _, err := s.InsertOrGetActive(ctx, newRun("r1"), oprun.Effects{})
	require.NoError(t, err)
	next := stored.Clone()
	next.Status, next.Outcome = oprun.StatusCompleted, oprun.OutcomeSucceeded // no completion time
	_, err = s.CompareAndSwap(ctx, next, stored.Status, stored.Version, oprun.Effects{})
	assert.ErrorIs(t, err, oprun.ErrIllegalTransition)
	got, err := s.Get(ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, stored, got)
}

func TestStaleCompareAndSwapErrors(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	stored, _, err := s.InsertOrGetActive(ctx, newRun("r1"), oprun.Effects{})
	require.NoError(t, err)
	next := stored.Clone()
	next.Status = oprun.StatusRunning
	_, err = s.CompareAndSwap(ctx, next, oprun.StatusQueued, 7, oprun.Effects{})
	var conflict *oprun.ConflictError
	require.ErrorAs(t, err, &conflict)
	assert.Equal(t, oprun.ConflictError{RunID: "r1", ExpectStatus: oprun.StatusQueued, ExpectVersion: 7, Status: oprun.StatusQueued, Version: 1}, *conflict)

	next.Status, next.Outcome, next.CompletedAt = oprun.StatusCompleted, oprun.OutcomeCancelled, time.Now()
	done, err := s.CompareAndSwap(ctx, next, oprun.StatusQueued, 1, oprun.Effects{})
	require.NoError(t, err)
	again := done.Clone()
	again.Outcome = oprun.OutcomeFailed
	_, err = s.CompareAndSwap(ctx, again, done.Status, done.Version, oprun.Effects{})
	var te *oprun.TransitionError
	require.ErrorAs(t, err, &te)
	assert.ErrorIs(t, err, oprun.ErrRunCompleted)
	assert.Equal(t, oprun.StatusCompleted, te.From)
}

// TestStress races 16 workers over four shared identities. The workers
// share four Stores, each with connections of its own to the file, as
// four worker processes of four goroutines each would.
func TestStress(t *testing.T) {
	path := filepath.Join(t.TempDir(), "runs.db")
	admin := openDB(t, path)
	require.NoError(t, sqlitestore.Migrate(t.Context(), admin))
	var stores []oprun.Store
	res := storecheck.Stress(t, storecheck.StressConfig{
		Workers:         16,
		Identities:      4,
		Duration:        2 * time.Second,
		MaxOpsPerWorker: 5000,
		NewStore: func(t *testing.T) oprun.Store {
			if len(stores) < 4 {
				stores = append(stores, openStore(t, openDB(t, path)))
			}
			s := stores[0]
			stores = append(stores[1:], s)
			return s
		},
		MaxActivePerIdentity: func(ctx context.Context) (int, error) {
			var n int
			err := admin.QueryRowContext(ctx, `SELECT coalesce(max(n), 0) FROM (
	SELECT count(*) AS n FROM oprun_runs
	WHERE status IN ('queued', 'running') AND identity <> ''
	GROUP BY workspace, type, identity)`).Scan(&n)
			if err != nil {
				return 0, fmt.Errorf("count active runs by identity: %w", err)
			}
			return n, nil
		},
	})
	t.Logf("stress: %s", res)
}

// TestCrash kills a worker process in the middle of a run; reconciliation
// then ends the run as stale, and nothing else changes.
func TestCrash(t *testing.T) {
	if storecheck.IsCrashWorker() {
		storecheck.CrashWorker(t, openStore(t, openDB(t, os.Getenv(pathEnv))))
		return
	}
	path := filepath.Join(t.TempDir(), "runs.db")
	db := openDB(t, path)
	require.NoError(t, sqlitestore.Migrate(t.Context(), db))
	storecheck.Crash(t, openStore(t, db), "TestCrash", pathEnv+"="+path)
}

func BenchmarkTransitions(b *testing.B) {
	for _, workers := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			s, _ := newStore(b)
			storecheck.BenchmarkTransitions(b, s, workers)
		})
	}
}

func newRun(id string) *oprun.Run {
	return &oprun.Run{
		ID: id, Type: storecheck.TypeSync, Status: oprun.StatusQueued, Outcome: oprun.OutcomePending, Attempt: 1,
		Scope:     oprun.Scope{Workspace: "ws-1", ManagedEnvironment: "env-1", TargetScope: "mailbox:a", Initiator: "user-1"},
		CreatedAt: time.Now().UTC().Truncate(time.Microsecond),
	}
}

func TestReconcileFenced(t *testing.T) {
	s, _ := newStore(t)
	storecheck.ReconcileFenced(t, s)
}
