package pgstore_test

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
	"github.com/runtruth/runtruth/oprun/internal/storecheck"
	"github.com/runtruth/runtruth/oprun/pgstore"
	"github.com/runtruth/runtruth/oprun/storetest"
)

func TestConformance(t *testing.T) {
	databaseURL(t)
	storetest.Run(t, func(t *testing.T) oprun.Store {
		s, _ := newStore(t)
		return s
	})
}

func TestMigrateIsIdempotent(t *testing.T) {
	pool := newPool(t, newSchema(t), 4)
	ctx := t.Context()

	_, err := pgstore.New(ctx, pool)
	require.ErrorIs(t, err, pgstore.ErrNotMigrated)

	require.NoError(t, pgstore.Migrate(ctx, pool))
	require.NoError(t, pgstore.Migrate(ctx, pool), "a second Migrate finds nothing to do")
	var n int
	require.NoError(t, pool.QueryRow(ctx, "SELECT count(*) FROM oprun_schema_migrations").Scan(&n))
	files, err := filepath.Glob("migrations/*.sql")
	require.NoError(t, err)
	assert.Equal(t, len(files), n, "one row a migration")
	_, err = pgstore.New(ctx, pool)
	require.NoError(t, err)
}

// TestMigrationsOfAnotherTool applies Migrations() as a migration tool
// of the user's would: each file in its own transaction. The store then
// opens, and Migrate has nothing left to do; after the first file alone,
// the store refuses to open and Migrate applies the rest.
func TestMigrationsOfAnotherTool(t *testing.T) {
	ctx := t.Context()
	files, err := fs.Glob(pgstore.Migrations(), "*.sql")
	require.NoError(t, err)
	require.Len(t, files, 3)
	apply := func(pool *pgxpool.Pool, name string) {
		src, err := fs.ReadFile(pgstore.Migrations(), name)
		require.NoError(t, err)
		tx, err := pool.Begin(ctx)
		require.NoError(t, err)
		_, err = tx.Exec(ctx, string(src))
		require.NoError(t, err, name)
		require.NoError(t, tx.Commit(ctx))
	}
	versions := func(pool *pgxpool.Pool) (n, latest int) {
		require.NoError(t, pool.QueryRow(ctx, "SELECT count(*), max(version) FROM oprun_schema_migrations").Scan(&n, &latest))
		return n, latest
	}

	all := newPool(t, newSchema(t), 2)
	for _, name := range files {
		apply(all, name)
	}
	_, err = pgstore.New(ctx, all)
	require.NoError(t, err)
	require.NoError(t, pgstore.Migrate(ctx, all))
	n, latest := versions(all)
	assert.Equal(t, 3, n, "each migration recorded once")
	assert.Equal(t, 3, latest)

	first := newPool(t, newSchema(t), 2)
	apply(first, files[0])
	_, err = pgstore.New(ctx, first)
	require.ErrorIs(t, err, pgstore.ErrNotMigrated)
	assert.ErrorContains(t, err, "schema version 1, want 3")
	require.NoError(t, pgstore.Migrate(ctx, first))
	n, latest = versions(first)
	assert.Equal(t, 3, n)
	assert.Equal(t, 3, latest)
	_, err = pgstore.New(ctx, first)
	require.NoError(t, err)
}

func TestConcurrentMigrate(t *testing.T) {
	pool := newPool(t, newSchema(t), 8)
	errs := make(chan error, 8)
	for range 8 {
		go func() { errs <- pgstore.Migrate(t.Context(), pool) }()
	}
	for range 8 {
		require.NoError(t, <-errs)
	}
	_, err := pgstore.New(t.Context(), pool)
	require.NoError(t, err)
}

// TestConstraints writes inconsistent runs past the Store's API and
// checks that the schema refuses them.
func TestConstraints(t *testing.T) {
	_, pool := newStore(t)
	ctx := t.Context()
	insert := `INSERT INTO oprun_runs (id, type, workspace, managed_environment, target_scope, initiator,
		status, outcome, attempt, created_at, completed_at, version)
		VALUES ($1, 'sync', 'ws-1', 'env-1', 'mailbox:a', 'user-1', $2, $3, 1, now(), $4, 1)`
	for _, tc := range []struct {
		name, status, outcome string
		completed             *time.Time
		constraint            string
	}{
		{"queued with an outcome", "queued", "succeeded", nil, "oprun_runs_outcome_matches_status"},
		{"completed without an outcome", "completed", "pending", ptr(time.Now()), "oprun_runs_outcome_matches_status"},
		{"completed without a time", "completed", "failed", nil, "oprun_runs_completed_at_matches_status"},
		{"running with a completion time", "running", "pending", ptr(time.Now()), "oprun_runs_completed_at_matches_status"},
		{"unknown status", "paused", "pending", nil, "oprun_runs_status_valid"},
	} {
		_, err := pool.Exec(ctx, insert, "r-"+tc.status+"-"+tc.outcome, tc.status, tc.outcome, tc.completed)
		require.Error(t, err, tc.name)
		assert.Contains(t, err.Error(), tc.constraint, tc.name)
	}
}

// TestCompareAndSwapRefusesInconsistentRun checks that the status and
// outcome constraints surface as illegal transitions.
func TestCompareAndSwapRefusesInconsistentRun(t *testing.T) {
	s, _ := newStore(t)
	ctx := t.Context()
	r := &oprun.Run{
		ID: "r1", Type: storecheck.TypeSync, Status: oprun.StatusQueued, Outcome: oprun.OutcomePending, Attempt: 1,
		Scope:     oprun.Scope{Workspace: "ws-1", ManagedEnvironment: "env-1", TargetScope: "mailbox:a", Initiator: "user-1"},
		CreatedAt: time.Now().UTC().Truncate(time.Microsecond),
	}
	stored, _, err := s.InsertOrGetActive(ctx, r, oprun.Effects{})
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
	r := &oprun.Run{
		ID: "r1", Type: storecheck.TypeSync, Status: oprun.StatusQueued, Outcome: oprun.OutcomePending, Attempt: 1,
		Scope:     oprun.Scope{Workspace: "ws-1", ManagedEnvironment: "env-1", TargetScope: "mailbox:a", Initiator: "user-1"},
		CreatedAt: time.Now().UTC().Truncate(time.Microsecond),
	}
	stored, _, err := s.InsertOrGetActive(ctx, r, oprun.Effects{})
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

// TestStress races 16 workers, each on its own connections, over four
// shared identities.
func TestStress(t *testing.T) {
	schema := newSchema(t)
	admin := newPool(t, schema, 2)
	require.NoError(t, pgstore.Migrate(t.Context(), admin))
	res := storecheck.Stress(t, storecheck.StressConfig{
		Workers:         16,
		Identities:      4,
		Duration:        3 * time.Second,
		MaxOpsPerWorker: 5000,
		NewStore: func(t *testing.T) oprun.Store {
			return openStore(t, newPool(t, schema, 2))
		},
		MaxActivePerIdentity: func(ctx context.Context) (int, error) {
			return maxActivePerIdentity(ctx, admin)
		},
	})
	t.Logf("stress: %s", res)
}

func maxActivePerIdentity(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	var n int
	err := pool.QueryRow(ctx, `SELECT COALESCE(max(n), 0) FROM (
	SELECT count(*) AS n FROM oprun_runs
	WHERE status IN ('queued', 'running') AND identity <> ''
	GROUP BY workspace, type, identity) AS active`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count active runs by identity: %w", err)
	}
	return n, nil
}

// TestCrash kills a worker process in the middle of a run; reconciliation
// then ends the run as stale, and nothing else changes.
func TestCrash(t *testing.T) {
	if storecheck.IsCrashWorker() {
		pool := newPool(t, os.Getenv(schemaEnv), 2)
		storecheck.CrashWorker(t, openStore(t, pool))
		return
	}
	schema := newSchema(t)
	pool := newPool(t, schema, 4)
	require.NoError(t, pgstore.Migrate(t.Context(), pool))
	storecheck.Crash(t, openStore(t, pool), "TestCrash", schemaEnv+"="+schema)
}

func BenchmarkTransitions(b *testing.B) {
	for _, workers := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			pool := newPool(b, newSchema(b), int32(workers))
			if err := pgstore.Migrate(b.Context(), pool); err != nil {
				b.Fatal(err)
			}
			storecheck.BenchmarkTransitions(b, openStore(b, pool), workers)
		})
	}
}

func ptr[T any](v T) *T { return &v }

func TestReconcileFenced(t *testing.T) {
	s, _ := newStore(t)
	storecheck.ReconcileFenced(t, s)
}
