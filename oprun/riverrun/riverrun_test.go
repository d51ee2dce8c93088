package riverrun_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
	"github.com/runtruth/runtruth/oprun/riverrun"
	"github.com/runtruth/runtruth/oprun/sqlitestore"
)

type backupArgs struct{ riverrun.RunArgs }

func (backupArgs) Kind() string { return "mailbox_backup" }

// env is one database with oprun's and River's schema, and a service.
type env struct {
	db    *sql.DB
	store *sqlitestore.Store
	runs  *oprun.Service
}

func newEnv(t testing.TB, spec oprun.OperationSpec) *env {
	t.Helper()
	return newEnvPath(t, filepath.Join(t.TempDir(), "runs.db"), spec)
}

// newEnvPath is newEnv on the database file at path.
func newEnvPath(t testing.TB, path string, spec oprun.OperationSpec) *env {
	t.Helper()
	ctx := t.Context()
	db, err := sqlitestore.Open(ctx, path)
	require.NoError(t, err)
	t.Cleanup(func() { assert.NoError(t, db.Close()) })
	require.NoError(t, sqlitestore.Migrate(ctx, db))
	migrator, err := rivermigrate.New(riversqlite.New(db), nil)
	require.NoError(t, err)
	_, err = migrator.Migrate(ctx, rivermigrate.DirectionUp, nil)
	require.NoError(t, err)
	store, err := sqlitestore.New(ctx, db)
	require.NoError(t, err)
	if spec.Type == "" {
		spec = oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: time.Minute, Retryable: true, MaxAttempts: 3}
	}
	catalog, err := oprun.NewCatalog(spec)
	require.NoError(t, err)
	runs, err := oprun.NewService(store, catalog)
	require.NoError(t, err)
	return &env{db: db, store: store, runs: runs}
}

// client starts a River client on the env's database with the given
// workers and periodic jobs, stopped when the test ends.
func (e *env) client(t *testing.T, workers *river.Workers, periodic []*river.PeriodicJob) *river.Client[*sql.Tx] {
	t.Helper()
	cfg := &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 4}},
		Workers:           workers,
		PeriodicJobs:      periodic,
		FetchPollInterval: 20 * time.Millisecond,
		FetchCooldown:     10 * time.Millisecond,
		TestOnly:          true,
	}
	if workers == nil {
		cfg = &river.Config{} // inserts only
	}
	c, err := river.NewClient(riversqlite.New(e.db), cfg)
	require.NoError(t, err)
	if workers != nil {
		require.NoError(t, c.Start(t.Context()))
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			assert.NoError(t, c.Stop(ctx))
		})
	}
	return c
}

func request() oprun.StartRequest {
	return oprun.StartRequest{
		Type: "mailbox_backup",
		Scope: oprun.Scope{
			Workspace: "contoso", ManagedEnvironment: "m365-contoso",
			TargetScope: "mailbox:alice", Initiator: "user:alice",
		},
		Notify: true,
	}
}

// start starts a run and inserts its job in one transaction, committed or
// rolled back.
func (e *env) start(t *testing.T, c *river.Client[*sql.Tx], commit bool) (*oprun.Run, int64) {
	t.Helper()
	ctx := t.Context()
	tx, err := e.db.BeginTx(ctx, nil)
	require.NoError(t, err)
	run, _, err := e.runs.WithStore(e.store.Tx(tx)).Start(ctx, request())
	require.NoError(t, err)
	res, err := c.InsertTx(ctx, tx, backupArgs{riverrun.RunArgs{RunID: run.ID}}, nil)
	require.NoError(t, err)
	if commit {
		require.NoError(t, tx.Commit())
	} else {
		require.NoError(t, tx.Rollback())
	}
	return run, res.Job.ID
}

func (e *env) jobState(t *testing.T, id int64) string {
	t.Helper()
	var state string
	require.NoError(t, e.db.QueryRowContext(t.Context(), `SELECT state FROM river_job WHERE id = ?`, id).Scan(&state))
	return state
}

// waitCompleted waits for the current attempt of run id to complete.
func (e *env) waitCompleted(t *testing.T, id string) *oprun.Run {
	t.Helper()
	var run *oprun.Run
	require.Eventually(t, func() bool {
		r, err := e.runs.CurrentAttempt(t.Context(), id)
		require.NoError(t, err)
		run = r
		return r.Status == oprun.StatusCompleted
	}, 30*time.Second, 10*time.Millisecond, "run %s never completed", id)
	return run
}

func (e *env) waitJob(t *testing.T, id int64, state string) {
	t.Helper()
	require.Eventually(t, func() bool { return e.jobState(t, id) == state }, 30*time.Second, 10*time.Millisecond, "job %d never %s", id, state)
}

func workers(t *testing.T, w river.Worker[backupArgs]) *river.Workers {
	t.Helper()
	ws := river.NewWorkers()
	require.NoError(t, river.AddWorkerSafely(ws, w))
	return ws
}

// TestStartAndInsertInOneTx: a rolled-back start leaves neither a run nor
// a job; a committed one is worked to success.
func TestStartAndInsertInOneTx(t *testing.T) {
	e := newEnv(t, oprun.OperationSpec{})
	var worked atomic.Int32
	c := e.client(t, workers(t, riverrun.NewWorker(e.runs, func(ctx context.Context, run *oprun.Run, job *river.Job[backupArgs]) error {
		if run.Status != oprun.StatusRunning {
			return errors.New("the run is not running while it works")
		}
		worked.Add(1)
		return nil
	})), nil)

	run, _ := e.start(t, c, false)
	_, err := e.store.Get(t.Context(), run.ID)
	assert.ErrorIs(t, err, oprun.ErrNotFound, "a rolled-back start leaves no run")
	var jobs int
	require.NoError(t, e.db.QueryRowContext(t.Context(), `SELECT count(*) FROM river_job`).Scan(&jobs))
	assert.Equal(t, 0, jobs, "nor a job")

	run, job := e.start(t, c, true)
	done := e.waitCompleted(t, run.ID)
	assert.Equal(t, oprun.OutcomeSucceeded, done.Outcome)
	assert.Equal(t, run.ID, done.ID)
	e.waitJob(t, job, "completed")
	assert.Equal(t, int32(1), worked.Load())
}

// TestFailedAttemptRetries: a failure fails the run with a reason code
// (never the error's text) and starts its next attempt, which River's
// retry of the job works.
func TestFailedAttemptRetries(t *testing.T) {
	e := newEnv(t, oprun.OperationSpec{})
	var attempts atomic.Int32
	w := riverrun.NewWorker(e.runs, func(ctx context.Context, run *oprun.Run, job *river.Job[backupArgs]) error {
		if attempts.Add(1) == 1 {
			return errors.New("graph: 503 service unavailable token=s3cr3t")
		}
		return nil
	})
	w.MaxRetryDelay = time.Millisecond
	c := e.client(t, workers(t, w), nil)
	run, job := e.start(t, c, true)
	// The job completes once, after its second attempt; the first run
	// fails before its retry exists.
	e.waitJob(t, job, "completed")
	done := e.waitCompleted(t, run.ID)
	assert.Equal(t, oprun.OutcomeSucceeded, done.Outcome)
	assert.Equal(t, 2, done.Attempt)
	assert.Equal(t, run.ID, done.ParentID)
	first, err := e.store.Get(t.Context(), run.ID)
	require.NoError(t, err)
	assert.Equal(t, oprun.OutcomeFailed, first.Outcome)
	assert.NotContains(t, first.Reason.Message, "s3cr3t")
}

// TestLastAttemptCancelsJob: a type that allows no further attempt leaves
// its run failed and the job cancelled, not retried.
func TestLastAttemptCancelsJob(t *testing.T) {
	e := newEnv(t, oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: time.Minute})
	c := e.client(t, workers(t, riverrun.NewWorker(e.runs, func(ctx context.Context, run *oprun.Run, job *river.Job[backupArgs]) error {
		panic("boom")
	})), nil)
	run, job := e.start(t, c, true)
	done := e.waitCompleted(t, run.ID)
	assert.Equal(t, oprun.OutcomeFailed, done.Outcome)
	assert.Equal(t, oprun.ReasonInternal, done.Reason.Code)
	assert.Equal(t, run.ID, done.ID, "no new attempt")
	e.waitJob(t, job, "cancelled")
}

// TestLastRiverAttemptFailsRun: on the job's last attempt (River's
// MaxAttempts), a failure fails the run and starts no next attempt,
// though the run's type allows one: River discards the job.
func TestLastRiverAttemptFailsRun(t *testing.T) {
	e := newEnv(t, oprun.OperationSpec{})
	w := riverrun.NewWorker(e.runs, func(ctx context.Context, run *oprun.Run, job *river.Job[backupArgs]) error {
		return errors.New("graph: 503")
	})
	c := e.client(t, workers(t, w), nil)
	run, _, err := e.runs.Start(t.Context(), request())
	require.NoError(t, err)
	res, err := c.Insert(t.Context(), backupArgs{riverrun.RunArgs{RunID: run.ID}}, &river.InsertOpts{MaxAttempts: 1})
	require.NoError(t, err)
	e.waitJob(t, res.Job.ID, "discarded")
	done := e.waitCompleted(t, run.ID)
	assert.Equal(t, run.ID, done.ID, "no next attempt")
	assert.Equal(t, oprun.OutcomeFailed, done.Outcome)
	_, err = e.store.GetRetry(t.Context(), run.ID)
	assert.ErrorIs(t, err, oprun.ErrNotFound)
}

// TestOperatorRetry: an operator's retry of a failed run, started with
// its job in one transaction, is worked; rolled back, it leaves neither.
func TestOperatorRetry(t *testing.T) {
	e := newEnv(t, oprun.OperationSpec{})
	ctx := t.Context()
	var fail atomic.Bool
	fail.Store(true)
	c := e.client(t, workers(t, riverrun.NewWorker(e.runs, func(ctx context.Context, run *oprun.Run, job *river.Job[backupArgs]) error {
		if fail.Load() {
			return errors.New("graph: 503")
		}
		return nil
	})), nil)
	run, _, err := e.runs.Start(ctx, request())
	require.NoError(t, err)
	res, err := c.Insert(ctx, backupArgs{riverrun.RunArgs{RunID: run.ID}}, &river.InsertOpts{MaxAttempts: 1})
	require.NoError(t, err)
	e.waitJob(t, res.Job.ID, "discarded")
	fail.Store(false)

	operator := oprun.Actor{ID: "user:ops", Workspaces: []string{"contoso"}, Operator: true}
	retry := func(commit bool) (*oprun.Run, int64) {
		tx, err := e.db.BeginTx(ctx, nil)
		require.NoError(t, err)
		next, err := e.runs.WithStore(e.store.Tx(tx)).Retry(ctx, operator, run.ID)
		require.NoError(t, err)
		res, err := c.InsertTx(ctx, tx, backupArgs{riverrun.RunArgs{RunID: next.ID}}, nil)
		require.NoError(t, err)
		if commit {
			require.NoError(t, tx.Commit())
		} else {
			require.NoError(t, tx.Rollback())
		}
		return next, res.Job.ID
	}
	retry(false)
	_, err = e.store.GetRetry(ctx, run.ID)
	assert.ErrorIs(t, err, oprun.ErrNotFound, "a rolled-back retry leaves no attempt")

	next, job := retry(true)
	e.waitJob(t, job, "completed")
	done := e.waitCompleted(t, run.ID)
	assert.Equal(t, next.ID, done.ID)
	assert.Equal(t, oprun.OutcomeSucceeded, done.Outcome)
	assert.Equal(t, 2, done.Attempt)
}

// TestFailedRunWithoutNextAttempt: a job whose run failed and has no next
// attempt (its worker died between the two writes) starts the next
// attempt and works it; when the type allows no further attempt, the job
// is cancelled and no run is started.
func TestFailedRunWithoutNextAttempt(t *testing.T) {
	for _, tc := range []struct {
		name string
		spec oprun.OperationSpec
		job  string
		runs int // attempts in the end
	}{
		{"retryable", oprun.OperationSpec{}, "completed", 2},
		{"not retryable", oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: time.Minute}, "cancelled", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, tc.spec)
			ctx := t.Context()
			run, _, err := e.runs.Start(ctx, request())
			require.NoError(t, err)
			_, err = e.runs.MarkRunning(ctx, run.ID)
			require.NoError(t, err)
			_, err = e.runs.Fail(ctx, run.ID, oprun.Reason{Code: oprun.ReasonProviderUnavailable})
			require.NoError(t, err)

			var worked atomic.Int32
			c := e.client(t, workers(t, riverrun.NewWorker(e.runs, func(ctx context.Context, run *oprun.Run, job *river.Job[backupArgs]) error {
				worked.Add(1)
				return nil
			})), nil)
			res, err := c.Insert(ctx, backupArgs{riverrun.RunArgs{RunID: run.ID}}, nil)
			require.NoError(t, err)
			e.waitJob(t, res.Job.ID, tc.job)
			done := e.waitCompleted(t, run.ID)
			assert.Equal(t, tc.runs, done.Attempt)
			assert.Equal(t, int32(tc.runs-1), worked.Load())
			if tc.runs > 1 {
				assert.Equal(t, oprun.OutcomeSucceeded, done.Outcome)
				assert.Equal(t, run.ID, done.ParentID)
			}
		})
	}
}

// TestSnooze: a snoozed job works the same run again, which stays
// running meanwhile and then completes; the snooze is no attempt.
func TestSnooze(t *testing.T) {
	e := newEnv(t, oprun.OperationSpec{})
	var calls atomic.Int32
	var during atomic.Value
	c := e.client(t, workers(t, riverrun.NewWorker(e.runs, func(ctx context.Context, run *oprun.Run, job *river.Job[backupArgs]) error {
		if calls.Add(1) == 1 {
			return river.JobSnooze(50 * time.Millisecond)
		}
		r, err := e.store.Get(ctx, run.ID)
		if err != nil {
			return err
		}
		during.Store(r.Status)
		return nil
	})), nil)
	run, job := e.start(t, c, true)
	e.waitJob(t, job, "completed")
	done := e.waitCompleted(t, run.ID)
	assert.Equal(t, run.ID, done.ID, "the same run")
	assert.Equal(t, oprun.OutcomeSucceeded, done.Outcome)
	assert.Equal(t, int32(2), calls.Load())
	assert.Equal(t, oprun.StatusRunning, during.Load(), "running when worked again")
}

// TestBlocked: work that cannot go on blocks the run and cancels the job.
func TestBlocked(t *testing.T) {
	e := newEnv(t, oprun.OperationSpec{})
	c := e.client(t, workers(t, riverrun.NewWorker(e.runs, func(ctx context.Context, run *oprun.Run, job *river.Job[backupArgs]) error {
		return riverrun.Blocked(oprun.Reason{Code: oprun.ReasonUnauthorized, Message: "consent revoked"}, errors.New("graph: 403"))
	})), nil)
	run, job := e.start(t, c, true)
	done := e.waitCompleted(t, run.ID)
	assert.Equal(t, oprun.OutcomeBlocked, done.Outcome)
	e.waitJob(t, job, "cancelled")
}

// TestCancelRunCancelsJob: an operator's cancel request stops the work,
// completes the run as cancelled and cancels the job.
func TestCancelRunCancelsJob(t *testing.T) {
	e := newEnv(t, oprun.OperationSpec{})
	started := make(chan struct{})
	w := riverrun.NewWorker(e.runs, func(ctx context.Context, run *oprun.Run, job *river.Job[backupArgs]) error {
		close(started)
		<-ctx.Done()
		return ctx.Err()
	})
	w.Heartbeat = 10 * time.Millisecond
	c := e.client(t, workers(t, w), nil)
	run, job := e.start(t, c, true)
	<-started
	operator := oprun.Actor{ID: "user:ops", Workspaces: []string{"contoso"}, Operator: true}
	_, err := e.runs.Cancel(t.Context(), operator, run.ID)
	require.NoError(t, err)
	done := e.waitCompleted(t, run.ID)
	assert.Equal(t, oprun.OutcomeCancelled, done.Outcome)
	e.waitJob(t, job, "cancelled")
}

// TestMaintenanceOncePerPeriod: two clients on one database run the
// reconciliation once per period, and it reconciles.
func TestMaintenanceOncePerPeriod(t *testing.T) {
	e := newEnv(t, oprun.OperationSpec{Type: "mailbox_backup", StaleAfter: time.Millisecond})
	stale, _, err := e.runs.Start(t.Context(), request()) // queued, no job: it goes stale
	require.NoError(t, err)
	time.Sleep(5 * time.Millisecond)

	periodic := riverrun.PeriodicJobs(riverrun.Intervals{Reconcile: time.Hour, Deliver: time.Hour})
	for range 2 {
		ws := river.NewWorkers()
		require.NoError(t, riverrun.AddMaintenanceWorkers(ws, e.runs))
		e.client(t, ws, periodic)
	}
	done := e.waitCompleted(t, stale.ID)
	assert.Equal(t, oprun.OutcomeCancelled, done.Outcome)
	assert.Equal(t, oprun.ReasonStale, done.Reason.Code)
	time.Sleep(500 * time.Millisecond)
	var n int
	require.NoError(t, e.db.QueryRowContext(t.Context(), `SELECT count(*) FROM river_job WHERE kind = ?`, riverrun.ReconcileArgs{}.Kind()).Scan(&n))
	assert.Equal(t, 1, n, "reconciliation jobs in one period")
}

// TestPruneJob: with a retention, the leader prunes completed runs.
func TestPruneJob(t *testing.T) {
	e := newEnv(t, oprun.OperationSpec{})
	req := request()
	req.Notify = false // an undelivered notification would keep the run
	run, _, err := e.runs.Start(t.Context(), req)
	require.NoError(t, err)
	_, err = e.runs.MarkRunning(t.Context(), run.ID)
	require.NoError(t, err)
	_, err = e.runs.Complete(t.Context(), run.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	require.NoError(t, err)
	kept, _, err := e.runs.Start(t.Context(), request()) // active: kept
	require.NoError(t, err)
	ws := river.NewWorkers()
	require.NoError(t, riverrun.AddMaintenanceWorkers(ws, e.runs))
	e.client(t, ws, riverrun.PeriodicJobs(riverrun.Intervals{Reconcile: time.Hour, Deliver: time.Hour, Prune: time.Hour, Retention: time.Nanosecond}))
	require.Eventually(t, func() bool {
		_, err := e.store.Get(t.Context(), run.ID)
		return errors.Is(err, oprun.ErrNotFound)
	}, 30*time.Second, 10*time.Millisecond, "the completed run was never pruned")
	_, err = e.store.Get(t.Context(), kept.ID)
	assert.NoError(t, err, "an active run stays")
}
