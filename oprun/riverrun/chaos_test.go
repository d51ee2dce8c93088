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
	"syscall"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
	"github.com/runtruth/runtruth/oprun/riverrun"
	"github.com/runtruth/runtruth/oprun/sqlitestore"
)

// chaosEnv names the database of a worker process of TestChaos.
const chaosEnv = "RIVERRUN_CHAOS_DB"

// The chaos test's timings: a run's worker heartbeats every 100ms, a run
// without one for 2s is stale, a job times out after 2s (its work takes
// at most 600ms), and River rescues a job that has run for 3s.
const (
	chaosHeartbeat  = 100 * time.Millisecond
	chaosStaleAfter = 2 * time.Second
	chaosTimeout    = 2 * time.Second
	chaosRescue     = 3 * time.Second
)

func chaosSpec() oprun.OperationSpec {
	return oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: chaosStaleAfter, Retryable: true, MaxAttempts: 3}
}

// chaosWorker is the body of a worker process: a River client with the
// run worker (work of 50 to 250ms, one in ten failing) and the maintenance
// workers, until SIGTERM or SIGKILL.
func chaosWorker(t *testing.T) {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	db, err := sqlitestore.Open(ctx, os.Getenv(chaosEnv))
	require.NoError(t, err)
	defer db.Close()
	store, err := sqlitestore.New(ctx, db)
	require.NoError(t, err)
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
	c, err := river.NewClient(riversqlite.New(db), &river.Config{
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

// TestChaos (RUNTRUTH_CHAOS=1): three worker processes share one database
// and work 60 runs; one is killed with SIGKILL in the middle of its jobs
// and replaced. Every run ends completed, consistently with its job (a
// succeeded run's job completed, a failed one's cancelled); the killed
// worker's jobs are rescued by River and worked again; no run is
// completed twice, every notification is delivered, and each maintenance
// job runs at most once a period.
func TestChaos(t *testing.T) {
	if os.Getenv(chaosEnv) != "" {
		chaosWorker(t)
		return
	}
	if os.Getenv("RUNTRUTH_CHAOS") != "1" {
		t.Skip("runs worker processes for a minute: set RUNTRUTH_CHAOS=1 (a step of .ci/run)")
	}
	path := filepath.Join(t.TempDir(), "runs.db")
	e := newEnvPath(t, path, chaosSpec())
	c := e.client(t, nil, nil) // inserts only
	const runs = 60
	var ids []string
	for range runs {
		run, _ := e.start(t, c, true)
		ids = append(ids, run.ID)
	}

	began := time.Now()
	spawn := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChaos$", "-test.count=1")
		cmd.Env = append(os.Environ(), chaosEnv+"="+path, "GORACE=atexit_sleep_ms=0")
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
		err := e.db.QueryRowContext(t.Context(), `SELECT context ->> '$.pid.int' FROM oprun_runs
WHERE status = 'running' AND context ->> '$.pid.int' IS NOT NULL LIMIT 1`).Scan(&pid)
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
			r, err := e.runs.CurrentAttempt(t.Context(), id)
			require.NoError(t, err)
			var state string
			require.NoError(t, e.db.QueryRowContext(t.Context(), `SELECT state FROM river_job WHERE args ->> '$.run_id' = ?`, id).Scan(&state))
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
			require.NoError(t, e.db.QueryRowContext(t.Context(), `SELECT count(*) FROM river_job WHERE kind = ? AND state = 'completed'`, kind).Scan(&n))
			return n > 0
		}, 60*time.Second, 50*time.Millisecond, "%s never ran", kind)
	}
	var stale, rescued int
	require.NoError(t, e.db.QueryRowContext(t.Context(), `SELECT count(*) FROM oprun_runs WHERE reason_code = 'stale'`).Scan(&stale))
	require.NoError(t, e.db.QueryRowContext(t.Context(), `SELECT count(*) FROM river_job, json_each(river_job.errors)
WHERE json_each.value ->> '$.error' = 'Stuck job rescued by JobRescuer'`).Scan(&rescued))
	assert.Positive(t, rescued, "no job of the killed worker was rescued")
	t.Logf("%d runs of the killed worker reconciled as stale; %d jobs rescued by River and worked again", stale, rescued)
	for _, w := range workers {
		require.NoError(t, w.Process.Signal(syscall.SIGTERM))
	}

	// Every notification is delivered: by the completing worker, or by
	// the leader's delivery job.
	require.Eventually(t, func() bool {
		var pending int
		require.NoError(t, e.db.QueryRowContext(t.Context(), `SELECT count(*) FROM oprun_outbox WHERE delivered_at IS NULL`).Scan(&pending))
		return pending == 0
	}, 30*time.Second, 50*time.Millisecond, "undelivered notifications")
	// No run completed twice.
	var twice int
	require.NoError(t, e.db.QueryRowContext(t.Context(), `SELECT count(*) FROM (
	SELECT run_id FROM oprun_audit WHERE event = 'completed' GROUP BY run_id HAVING count(*) > 1)`).Scan(&twice))
	assert.Zero(t, twice, "runs completed twice")
	// Maintenance at most once a period (one second).
	periods := int(time.Since(began)/time.Second) + 2
	for _, kind := range []string{riverrun.ReconcileArgs{}.Kind(), riverrun.DeliverArgs{}.Kind()} {
		var n int
		require.NoError(t, e.db.QueryRowContext(t.Context(), `SELECT count(*) FROM river_job WHERE kind = ?`, kind).Scan(&n))
		assert.LessOrEqual(t, n, periods, "%s jobs in %d periods", kind, periods)
	}
	outcomes := map[oprun.Outcome]int{}
	for _, r := range final {
		outcomes[r.Outcome]++
	}
	t.Logf("outcomes of %d runs: %v", runs, outcomes)
}
