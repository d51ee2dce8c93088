package riverrun_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
	"github.com/runtruth/runtruth/oprun/pgstore"
	"github.com/runtruth/runtruth/oprun/riverrun"
	"github.com/runtruth/runtruth/oprun/sqlitestore"
)

// A worker process of TestChaos finds its database in these variables:
// the SQLite file, or the PostgreSQL URL and schema.
const (
	chaosSQLiteEnv   = "RIVERRUN_CHAOS_SQLITE"
	chaosPGEnv       = "RIVERRUN_CHAOS_PG"
	chaosPGSchemaEnv = "RIVERRUN_CHAOS_PG_SCHEMA"
)

// The chaos test's timings: a run's worker heartbeats every 100ms, a
// running run without one for 2s is stale (a queued run after a minute:
// the queue of 60 runs takes a few seconds), a job times out after 2s (its work takes
// at most 600ms), and River rescues a job that has run for 3s.
const (
	chaosHeartbeat  = 100 * time.Millisecond
	chaosStaleAfter = 2 * time.Second
	chaosTimeout    = 2 * time.Second
	chaosRescue     = 3 * time.Second
)

func chaosSpec() oprun.OperationSpec {
	return oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: chaosStaleAfter, QueueTimeout: time.Minute, Retryable: true, MaxAttempts: 3}
}

// chaosWorker is the body of a worker process: a River client with the
// run worker (work of 200 to 600ms, one in ten failing) and the
// maintenance workers, until SIGTERM or SIGKILL.
func chaosWorker(t *testing.T) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	if path := os.Getenv(chaosSQLiteEnv); path != "" {
		db, err := sqlitestore.Open(ctx, path)
		require.NoError(t, err)
		defer db.Close()
		store, err := sqlitestore.New(ctx, db)
		require.NoError(t, err)
		chaosClient(ctx, t, store, riversqlite.New(db))
		return
	}
	cfg, err := pgxpool.ParseConfig(os.Getenv(chaosPGEnv))
	require.NoError(t, err)
	cfg.ConnConfig.RuntimeParams["search_path"] = os.Getenv(chaosPGSchemaEnv)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	require.NoError(t, err)
	defer pool.Close()
	store, err := pgstore.New(ctx, pool)
	require.NoError(t, err)
	chaosClient(ctx, t, store, riverpgxv5.New(pool))
}

// chaosClient runs a worker process's River client on driver until ctx is
// done.
func chaosClient[TTx any](ctx context.Context, t *testing.T, store oprun.Store, driver riverdriver.Driver[TTx]) {
	catalog, err := oprun.NewCatalog(chaosSpec())
	require.NoError(t, err)
	notifier := oprun.NotifierFunc(func(context.Context, oprun.Notification) error { return nil })
	runs, err := oprun.NewService(store, catalog, oprun.WithNotifier(notifier))
	require.NoError(t, err)
	w := riverrun.NewWorker(runs, func(ctx context.Context, run *oprun.Run, job *river.Job[backupArgs]) error {
		// Which process works the run, for the test to kill.
		if err := runs.UpdateContext(ctx, run.ID, oprun.Context{"pid": int64(os.Getpid())}); err != nil {
			return err
		}
		select {
		case <-time.After(time.Duration(200+rand.IntN(400)) * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
		if rand.IntN(10) == 0 {
			return fmt.Errorf("graph: 503")
		}
		return runs.Increment(ctx, run.ID, oprun.SummaryItemsTotal, 1)
	})
	w.Heartbeat = chaosHeartbeat
	w.MaxRetryDelay = 10 * time.Millisecond
	ws := river.NewWorkers()
	require.NoError(t, river.AddWorkerSafely[backupArgs](ws, w))
	require.NoError(t, riverrun.AddMaintenanceWorkers(ws, runs))
	c, err := river.NewClient(driver, &river.Config{
		Queues:               map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		Workers:              ws,
		PeriodicJobs:         riverrun.PeriodicJobs(riverrun.Intervals{Reconcile: time.Second, Deliver: time.Second}),
		FetchPollInterval:    20 * time.Millisecond,
		FetchCooldown:        10 * time.Millisecond,
		RescueStuckJobsAfter: chaosRescue,
		// River rescues a job only once its timeout has passed too (never
		// without one).
		JobTimeout: chaosTimeout,
	})
	require.NoError(t, err)
	require.NoError(t, c.Start(ctx))
	<-ctx.Done()
	stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, c.Stop(stopCtx))
}

// chaosDB is the shared database of a chaos test, as the test sees it.
type chaosDB struct {
	runs *oprun.Service
	// start starts a run and inserts its job in one transaction.
	start func(t *testing.T) string
	// env names the database to a worker process.
	env []string
	// query runs a query written for SQLite, with "?" parameters and
	// JSON paths such as "$.a.b"; PostgreSQL's runs it translated.
	query func(t *testing.T, q string, args ...any) scanner
}

// scanner is a row of *sql.DB's QueryRowContext or of pgx's QueryRow.
type scanner interface{ Scan(dest ...any) error }

func sqliteChaos(t *testing.T) *chaosDB {
	path := filepath.Join(t.TempDir(), "runs.db")
	e := newEnvPath(t, path, chaosSpec())
	c := e.client(t, nil, nil) // inserts only
	return &chaosDB{
		runs: e.runs,
		start: func(t *testing.T) string {
			run, _ := e.start(t, c, true)
			return run.ID
		},
		env: []string{chaosSQLiteEnv + "=" + path},
		query: func(t *testing.T, q string, args ...any) scanner {
			return e.db.QueryRowContext(t.Context(), q, args...)
		},
	}
}

func pgChaos(t *testing.T) *chaosDB {
	pool := pgPool(t)
	ctx := t.Context()
	store, err := pgstore.New(ctx, pool)
	require.NoError(t, err)
	catalog, err := oprun.NewCatalog(chaosSpec())
	require.NoError(t, err)
	runs, err := oprun.NewService(store, catalog)
	require.NoError(t, err)
	c, err := river.NewClient(riverpgxv5.New(pool), &river.Config{}) // inserts only
	require.NoError(t, err)
	var schema string
	require.NoError(t, pool.QueryRow(ctx, "SELECT current_schema()").Scan(&schema))
	return &chaosDB{
		runs: runs,
		start: func(t *testing.T) string {
			tx, err := pool.Begin(ctx)
			require.NoError(t, err)
			defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
			run, _, err := runs.WithStore(store.Tx(tx)).Start(ctx, request())
			require.NoError(t, err)
			_, err = c.InsertTx(ctx, tx, backupArgs{riverrun.RunArgs{RunID: run.ID}}, nil)
			require.NoError(t, err)
			require.NoError(t, tx.Commit(ctx))
			return run.ID
		},
		env: []string{chaosPGEnv + "=" + os.Getenv("RUNTRUTH_PG_URL"), chaosPGSchemaEnv + "=" + schema},
		query: func(t *testing.T, q string, args ...any) scanner {
			return pool.QueryRow(t.Context(), pgQuery(q), args...)
		},
	}
}

// pgQuery translates a chaos query from SQLite to PostgreSQL: numbered
// parameters, JSON paths as -> and ->> chains, and River's errors as an
// array of JSON values.
func pgQuery(q string) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(q); i++ {
		switch {
		case q[i] == '?':
			n++
			fmt.Fprintf(&b, "$%d", n)
		case strings.HasPrefix(q[i:], "->> '$."):
			end := strings.IndexByte(q[i+len("->> '$."):], '\'')
			keys := strings.Split(q[i+len("->> '$."):][:end], ".")
			for j, k := range keys {
				op := "->"
				if j == len(keys)-1 {
					op = "->>"
				}
				fmt.Fprintf(&b, "%s '%s' ", op, k)
			}
			i += len("->> '$.") + end
		default:
			b.WriteByte(q[i])
		}
	}
	return strings.ReplaceAll(b.String(), "json_each(river_job.errors) AS e", "unnest(river_job.errors) AS e(value)")
}

// TestChaos (RUNTRUTH_CHAOS=1): three worker processes share one database
// (SQLite, and PostgreSQL when $RUNTRUTH_PG_URL names one) and work 60
// runs; one is killed with SIGKILL in the middle of its jobs and
// replaced. Every run ends completed, consistently with its job (a
// succeeded run's job completed, a failed one's cancelled); the killed
// worker's jobs are rescued by River and worked again; no run is
// completed twice, every notification is delivered, and each maintenance
// job runs at most once a period.
func TestChaos(t *testing.T) {
	if os.Getenv(chaosSQLiteEnv) != "" || os.Getenv(chaosPGEnv) != "" {
		chaosWorker(t)
		return
	}
	if os.Getenv("RUNTRUTH_CHAOS") != "1" {
		t.Skip("runs worker processes for a minute: set RUNTRUTH_CHAOS=1 (a step of .ci/run)")
	}
	t.Run("sqlite", func(t *testing.T) { chaos(t, sqliteChaos(t)) })
	t.Run("postgresql", func(t *testing.T) { chaos(t, pgChaos(t)) })
}

func chaos(t *testing.T, db *chaosDB) {
	const runs = 60
	var ids []string
	for range runs {
		ids = append(ids, db.start(t))
	}

	began := time.Now()
	spawn := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChaos$", "-test.count=1")
		cmd.Env = append(append(os.Environ(), db.env...), "GORACE=atexit_sleep_ms=0")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		require.NoError(t, cmd.Start())
		return cmd
	}
	workers := []*exec.Cmd{spawn(), spawn(), spawn()}
	t.Cleanup(func() {
		for _, w := range workers {
			_ = w.Process.Kill()
			_ = w.Wait()
		}
	})
	// Kill a worker process in the middle of a run.
	var pid int
	require.Eventually(t, func() bool {
		var s string
		err := db.query(t, `SELECT context ->> '$.pid.int' FROM oprun_runs
WHERE status = 'running' AND context ->> '$.pid.int' IS NOT NULL LIMIT 1`).Scan(&s)
		pid, _ = strconv.Atoi(s)
		return err == nil
	}, 30*time.Second, 5*time.Millisecond)
	victim := slices.IndexFunc(workers, func(w *exec.Cmd) bool { return w.Process.Pid == pid })
	require.GreaterOrEqual(t, victim, 0, "pid %d is no worker's", pid)
	require.NoError(t, workers[victim].Process.Signal(syscall.SIGKILL))
	_ = workers[victim].Wait()
	workers[victim] = spawn()

	// Every run ends, and so does its job, consistently: a succeeded run's
	// job completed, a failed one's cancelled. The runs of the killed
	// worker are failed as stale by the leader's reconciliation; River's
	// rescuer hands their jobs to a live worker (RescueStuckJobsAfter,
	// then the rescuer's next round: 30 s at most), which starts the
	// runs' next attempts and works them.
	var final []*oprun.Run
	require.Eventually(t, func() bool {
		final = final[:0]
		for _, id := range ids {
			r, err := db.runs.CurrentAttempt(t.Context(), id)
			require.NoError(t, err)
			var state string
			require.NoError(t, db.query(t, `SELECT state FROM river_job WHERE args ->> '$.run_id' = ?`, id).Scan(&state))
			want := "cancelled"
			if r.Outcome == oprun.OutcomeSucceeded {
				want = "completed"
			}
			if r.Status != oprun.StatusCompleted || state != want {
				return false
			}
			final = append(final, r)
		}
		return true
	}, 90*time.Second, 50*time.Millisecond, "not every run and job ended consistently")
	// The leader's maintenance has run.
	for _, kind := range []string{riverrun.ReconcileArgs{}.Kind(), riverrun.DeliverArgs{}.Kind()} {
		require.Eventually(t, func() bool {
			var n int
			require.NoError(t, db.query(t, `SELECT count(*) FROM river_job WHERE kind = ? AND state = 'completed'`, kind).Scan(&n))
			return n > 0
		}, 60*time.Second, 50*time.Millisecond, "%s never ran", kind)
	}
	var stale, rescued int
	require.NoError(t, db.query(t, `SELECT count(*) FROM oprun_runs WHERE reason_code = 'stale'`).Scan(&stale))
	require.NoError(t, db.query(t, `SELECT count(*) FROM river_job, json_each(river_job.errors) AS e
WHERE e.value ->> '$.error' = 'Stuck job rescued by JobRescuer'`).Scan(&rescued))
	assert.Positive(t, rescued, "no job of the killed worker was rescued")
	t.Logf("%d runs of the killed worker reconciled as stale; %d jobs rescued by River and worked again", stale, rescued)
	for _, w := range workers {
		require.NoError(t, w.Process.Signal(syscall.SIGTERM))
	}

	// Every notification is delivered: by the completing worker, or by
	// the leader's delivery job.
	require.Eventually(t, func() bool {
		var pending int
		require.NoError(t, db.query(t, `SELECT count(*) FROM oprun_outbox WHERE delivered_at IS NULL`).Scan(&pending))
		return pending == 0
	}, 30*time.Second, 50*time.Millisecond, "undelivered notifications")
	// No run completed twice.
	var twice int
	require.NoError(t, db.query(t, `SELECT count(*) FROM (
	SELECT run_id FROM oprun_audit WHERE event = 'completed' GROUP BY run_id HAVING count(*) > 1) AS twice`).Scan(&twice))
	assert.Zero(t, twice, "runs completed twice")
	// Maintenance at most once a period (one second).
	periods := int(time.Since(began)/time.Second) + 2
	for _, kind := range []string{riverrun.ReconcileArgs{}.Kind(), riverrun.DeliverArgs{}.Kind()} {
		var n int
		require.NoError(t, db.query(t, `SELECT count(*) FROM river_job WHERE kind = ?`, kind).Scan(&n))
		assert.LessOrEqual(t, n, periods, "%s jobs in %d periods", kind, periods)
	}
	outcomes := map[oprun.Outcome]int{}
	for _, r := range final {
		outcomes[r.Outcome]++
		if r.Outcome != oprun.OutcomeSucceeded {
			t.Logf("run %s: attempt %d %s: %s: %s", r.ID, r.Attempt, r.Outcome, r.Reason.Code, r.Reason.Message)
		}
	}
	t.Logf("outcomes of %d runs: %v", runs, outcomes)
}
