// Package riverrun runs operation runs as River jobs
// (github.com/riverqueue/river): the run is the execution truth, the job
// is how its work gets done.
//
// A start surface starts the run and inserts its job in one transaction
// of its own, so that both commit or neither does:
//
//	tx, err := db.BeginTx(ctx, nil)
//	...
//	run, _, err := runs.WithStore(store.Tx(tx)).Start(ctx, req)
//	...
//	_, err = client.InsertTx(ctx, tx, BackupArgs{RunArgs: riverrun.RunArgs{RunID: run.ID}}, nil)
//	...
//	err = tx.Commit()
//
// An operator's retry ((*oprun.Service).Retry) is started the same way:
// the next attempt and its job in one transaction, the job's RunID the
// new attempt's.
//
// A [Worker] works the job: it marks the run running, heartbeats while the
// work goes on, and completes the run from the work's result:
//
//   - nil: the run succeeds and the job completes;
//   - an error from [Blocked]: the run is blocked with its reason, and the
//     job is cancelled;
//   - another error: the run fails with oprun.ReasonFrom(err) (never the
//     error's text); when its operation type allows another attempt, the
//     worker starts it (a new linked run, as (*oprun.Service).Retry does)
//     and River retries the job, whose next attempt works the new run;
//     otherwise the job is cancelled. On the job's last attempt
//     (River's MaxAttempts) no next attempt is started: River discards
//     the job, and its run stays failed;
//   - river.JobSnooze(d): the run stays running and the job runs again
//     after d, working the same run. Keep d under the type's StaleAfter:
//     no heartbeat is recorded meanwhile, and a run reconciled as stale
//     is worked as its next attempt;
//   - a panic: as an error with reason internal;
//   - a cancel request on the run ((*oprun.Service).Cancel): the work's
//     context is cancelled, the run completes as cancelled and the job is
//     cancelled; a run cancelled while queued cancels its job when the job
//     starts.
//
// A run waits queued until a worker starts its job; give its operation
// type a QueueTimeout as long as the longest wait in the queue you accept,
// or the reconciliation cancels runs that are only waiting (after
// StaleAfter, by default). When a worker process dies mid-work, the run's
// heartbeat stops and the reconciliation fails it as stale after its
// type's StaleAfter. River rescues the job once it has run for both the
// client's RescueStuckJobsAfter (default an hour) and the job's timeout
// (the client's JobTimeout, default a minute; a job without one is never
// rescued), in the rescuer's next round (every 30 seconds). The rescued
// job works its run again if the run is still running; if the run failed
// without a next attempt (reconciled as stale, or its worker died between
// the failure and the retry), it starts the next attempt, when the run's
// type allows one, and works that.
//
// The maintenance that every deployment needs, stale-run reconciliation,
// outbox delivery and retention, runs as River periodic jobs
// ([PeriodicJobs], [AddMaintenanceWorkers]) that River's elected leader
// inserts, once per period however many clients run.
package riverrun

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/riverqueue/river"

	"github.com/runtruth/runtruth/oprun"
)

// RunArgs names the run a job works. Embed it in the job's arguments.
type RunArgs struct {
	RunID string `json:"run_id"`
}

// OperationRunID returns the ID of the run the job works: the first
// attempt's; the worker works the current attempt.
func (a RunArgs) OperationRunID() string { return a.RunID }

// JobArgs are the arguments of a job that works an operation run.
type JobArgs interface {
	river.JobArgs
	OperationRunID() string
}

// Work does a run's work. It reports progress through the service (counts,
// context) with the run's ID, and returns nil when the work is done.
type Work[T JobArgs] func(ctx context.Context, run *oprun.Run, job *river.Job[T]) error

// Defaults of a Worker.
const (
	DefaultHeartbeat     = 30 * time.Second
	DefaultMaxRetryDelay = time.Minute
)

// Worker is a River worker that works operation runs with a Work func.
type Worker[T JobArgs] struct {
	river.WorkerDefaults[T]

	Runs *oprun.Service
	Do   Work[T]
	// Heartbeat is how often the run's heartbeat is recorded and its
	// cancel request checked while the work goes on; keep it well under
	// the operation type's StaleAfter (default DefaultHeartbeat).
	Heartbeat time.Duration
	// MaxRetryDelay bounds the wait before the job's next attempt (River's
	// attempt⁴ seconds otherwise): the new attempt of the run waits queued
	// meanwhile, and a queued run older than its StaleAfter is reconciled
	// as stale (default DefaultMaxRetryDelay).
	MaxRetryDelay time.Duration
}

// NewWorker returns a Worker of runs with the default heartbeat and retry
// delay.
func NewWorker[T JobArgs](runs *oprun.Service, work Work[T]) *Worker[T] {
	return &Worker[T]{Runs: runs, Do: work}
}

// blocked is a work result that blocks the run.
type blocked struct {
	reason oprun.Reason
	err    error
}

func (b *blocked) Error() string {
	return "run blocked: " + string(b.reason.Code) + ": " + b.err.Error()
}
func (b *blocked) Unwrap() error { return b.err }

// Blocked returns the result of work that cannot go on until someone acts
// (a revoked consent, a policy): the run is blocked with reason, and the
// job is cancelled.
func Blocked(reason oprun.Reason, err error) error { return &blocked{reason: reason, err: err} }

// retryActor starts the next attempt of a run that failed in its worker.
func retryActor(r *oprun.Run) oprun.Actor {
	return oprun.Actor{ID: oprun.WorkerActorID, Workspaces: []string{r.Scope.Workspace}, Operator: true}
}

// Work implements river.Worker.
func (w *Worker[T]) Work(ctx context.Context, job *river.Job[T]) (err error) {
	if w.Runs == nil || w.Do == nil {
		return river.JobCancel(errors.New("riverrun: worker without service or work func"))
	}
	run, err := w.Runs.CurrentAttempt(ctx, job.Args.OperationRunID())
	if err != nil {
		if errors.Is(err, oprun.ErrNotFound) {
			return river.JobCancel(err) // the start rolled back, or the run was deleted
		}
		return err
	}
	if run.Status == oprun.StatusCompleted {
		switch run.Outcome {
		case oprun.OutcomeSucceeded:
			return nil // done by an earlier attempt of this job
		case oprun.OutcomeFailed:
			// Failed with no next attempt: this job's last worker died
			// between the two writes, or the reconciler failed the run
			// as stale while River held the job. Start the next attempt
			// if the run has one.
			next, err := w.Runs.Retry(ctx, retryActor(run), run.ID)
			if _, denied := errors.AsType[*oprun.ActionError](err); denied {
				return river.JobCancel(fmt.Errorf("riverrun: run %q failed: %w", run.ID, err))
			} else if err != nil {
				return err
			}
			run = next
		default:
			return river.JobCancel(fmt.Errorf("riverrun: run %q is completed as %s", run.ID, run.Outcome))
		}
	}
	switch run.Status {
	case oprun.StatusQueued:
		if run, err = w.Runs.MarkRunning(ctx, run.ID); err != nil {
			if errors.Is(err, oprun.ErrRunCompleted) {
				return river.JobCancel(err) // cancelled meanwhile
			}
			return err
		}
	}
	// A running run: this job's earlier attempt died mid-work, and River
	// rescued the job; work it again.

	workCtx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stop := w.heartbeat(workCtx, run.ID, cancel)
	workErr := w.safeWork(workCtx, run, job)
	stop()
	return w.finish(ctx, run, job, workErr, context.Cause(workCtx))
}

// errCancelRequested is the cause of the work's cancelled context when an
// operator asked the run to stop.
var errCancelRequested = errors.New("run cancel requested")

// heartbeat records the run's heartbeat every Heartbeat and cancels the
// work when the run is asked to stop or completed elsewhere (reconciled
// as stale). stop ends it and waits for it.
func (w *Worker[T]) heartbeat(ctx context.Context, id string, cancel context.CancelCauseFunc) (stop func()) {
	every := w.Heartbeat
	if every <= 0 {
		every = DefaultHeartbeat
	}
	done := make(chan struct{})
	quit := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case <-t.C:
			}
			if requested, err := w.Runs.CancelRequested(ctx, id); err == nil && requested {
				cancel(errCancelRequested)
				return
			}
			if err := w.Runs.Heartbeat(ctx, id); errors.Is(err, oprun.ErrRunCompleted) {
				cancel(err)
				return
			}
		}
	}()
	return func() {
		close(quit)
		<-done
	}
}

// safeWork runs the work, turning a panic into an error.
func (w *Worker[T]) safeWork(ctx context.Context, run *oprun.Run, job *river.Job[T]) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("riverrun: work of run %q panicked: %v", run.ID, p)
		}
	}()
	return w.Do(ctx, run, job)
}

// finish completes the run from the work's result and returns the job's.
func (w *Worker[T]) finish(ctx context.Context, run *oprun.Run, job *river.Job[T], workErr, cause error) error {
	// The run's transitions must land even when the job's context is
	// done (its timeout): they are short writes.
	ctx = context.WithoutCancel(ctx)
	if errors.Is(cause, oprun.ErrRunCompleted) {
		return river.JobCancel(fmt.Errorf("riverrun: run %q was completed elsewhere: %w", run.ID, cause))
	}
	if errors.Is(cause, errCancelRequested) {
		_, err := w.Runs.Complete(ctx, run.ID, oprun.OutcomeCancelled, oprun.Reason{Code: oprun.ReasonCancelled, Message: "cancelled by an operator"})
		return river.JobCancel(errors.Join(errCancelRequested, err))
	}
	var b *blocked
	var snooze *river.JobSnoozeError
	switch {
	case workErr == nil:
		_, err := w.Runs.Complete(ctx, run.ID, oprun.OutcomeSucceeded, oprun.Reason{})
		return err
	case errors.As(workErr, &snooze):
		return workErr // River runs the job again later; the run stays running
	case errors.As(workErr, &b):
		_, err := w.Runs.Block(ctx, run.ID, b.reason)
		return river.JobCancel(errors.Join(workErr, err))
	}
	reason := oprun.ReasonFrom(workErr)
	if _, err := w.Runs.Fail(ctx, run.ID, reason); err != nil {
		return errors.Join(workErr, err) // River retries; the run is still running
	}
	if job.Attempt >= job.MaxAttempts {
		return workErr // River discards the job; its run stays failed
	}
	if _, err := w.Runs.Retry(ctx, retryActor(run), run.ID); err != nil {
		if _, denied := errors.AsType[*oprun.ActionError](err); denied {
			// No attempt left, or the type is not retryable: the run
			// stays failed and River does not retry.
			return river.JobCancel(workErr)
		}
		// River retries the job, whose next attempt starts the run's.
		return errors.Join(workErr, err)
	}
	return workErr
}

// NextRetry implements river.Worker: River's attempt⁴ seconds, at most
// MaxRetryDelay.
func (w *Worker[T]) NextRetry(job *river.Job[T]) time.Time {
	limit := w.MaxRetryDelay
	if limit <= 0 {
		limit = DefaultMaxRetryDelay
	}
	delay := time.Duration(math.Pow(float64(job.Attempt), 4)) * time.Second
	return time.Now().Add(min(delay, limit))
}
