package riverrun_test

import (
	"context"
	"crypto/rand"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
	"github.com/runtruth/runtruth/oprun/pgstore"
	"github.com/runtruth/runtruth/oprun/riverrun"
)

// pgPool returns a pool on a new schema of the PostgreSQL server that
// $RUNTRUTH_PG_URL names (.ci/run starts one), with oprun's and River's
// tables; the schema is dropped when the test ends.
func pgPool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	url := os.Getenv("RUNTRUTH_PG_URL")
	if url == "" {
		t.Skip("RUNTRUTH_PG_URL is not set: skipping the PostgreSQL tests (.ci/run starts a server and sets it)")
	}
	ctx := t.Context()
	schema := "riverrun_test_" + strings.ToLower(rand.Text()[:12])
	conn, err := pgx.Connect(ctx, url)
	require.NoError(t, err)
	_, err = conn.Exec(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	require.NoError(t, conn.Close(ctx))
	t.Cleanup(func() {
		ctx := context.WithoutCancel(ctx)
		conn, err := pgx.Connect(ctx, url)
		if assert.NoError(t, err) {
			_, err = conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE")
			assert.NoError(t, err)
			assert.NoError(t, conn.Close(ctx))
		}
	})
	cfg, err := pgxpool.ParseConfig(url)
	require.NoError(t, err)
	cfg.ConnConfig.RuntimeParams["search_path"] = schema
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(pool.Close)
	require.NoError(t, pgstore.Migrate(ctx, pool))
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{Schema: schema})
	require.NoError(t, err)
	_, err = migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	require.NoError(t, err)
	return pool
}

// TestPostgreSQL: on PostgreSQL with River's pgx driver, a rolled-back
// start leaves neither run nor job, and a committed one is worked.
func TestPostgreSQL(t *testing.T) {
	pool := pgPool(t)
	ctx := t.Context()
	store, err := pgstore.New(ctx, pool)
	require.NoError(t, err)
	catalog, err := oprun.NewCatalog(oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: time.Minute})
	require.NoError(t, err)
	runs, err := oprun.NewService(store, catalog)
	require.NoError(t, err)
	ws := river.NewWorkers()
	require.NoError(t, river.AddWorkerSafely(ws, river.Worker[backupArgs](riverrun.NewWorker(runs, func(ctx context.Context, run *oprun.Run, job *river.Job[backupArgs]) error {
		return nil
	}))))
	c, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		Workers:           ws,
		FetchPollInterval: 20 * time.Millisecond,
		FetchCooldown:     10 * time.Millisecond,
		TestOnly:          true,
	})
	require.NoError(t, err)

	start := func(commit bool) (*oprun.Run, int64) {
		tx, err := pool.Begin(ctx)
		require.NoError(t, err)
		run, _, err := runs.WithStore(store.Tx(tx)).Start(ctx, request())
		require.NoError(t, err)
		res, err := c.InsertTx(ctx, tx, backupArgs{riverrun.RunArgs{RunID: run.ID}}, nil)
		require.NoError(t, err)
		if commit {
			require.NoError(t, tx.Commit(ctx))
		} else {
			require.NoError(t, tx.Rollback(ctx))
		}
		return run, res.Job.ID
	}
	run, _ := start(false)
	_, err = store.Get(ctx, run.ID)
	assert.ErrorIs(t, err, oprun.ErrNotFound, "a rolled-back start leaves no run")
	var jobs int
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM river_job`).Scan(&jobs))
	assert.Equal(t, 0, jobs, "nor a job")

	require.NoError(t, c.Start(ctx))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		assert.NoError(t, c.Stop(ctx))
	})
	run, job := start(true)
	require.Eventually(t, func() bool {
		r, err := store.Get(ctx, run.ID)
		require.NoError(t, err)
		return r.Status == oprun.StatusCompleted && r.Outcome == oprun.OutcomeSucceeded
	}, 30*time.Second, 10*time.Millisecond)
	require.Eventually(t, func() bool {
		var state string
		require.NoError(t, pool.QueryRow(ctx, `SELECT state FROM river_job WHERE id = $1`, job).Scan(&state))
		return state == "completed"
	}, 30*time.Second, 10*time.Millisecond)
}
