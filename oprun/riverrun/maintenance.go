package riverrun

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/runtruth/runtruth/oprun"
)

// ReconcileArgs is the periodic job that reconciles stale active runs
// ((*oprun.Service).ReconcileStale).
type ReconcileArgs struct{}

// Kind implements river.JobArgs.
func (ReconcileArgs) Kind() string { return "oprun_reconcile_stale" }

// DeliverArgs is the periodic job that delivers the outbox's pending run
// notifications ((*oprun.Service).DeliverPending).
type DeliverArgs struct{}

// Kind implements river.JobArgs.
func (DeliverArgs) Kind() string { return "oprun_deliver_pending" }

// PruneArgs is the periodic job that deletes the runs completed more than
// Retention ago, with their audit entries and delivered notifications
// ((*oprun.Service).Prune).
type PruneArgs struct {
	Retention time.Duration `json:"retention"`
}

// Kind implements river.JobArgs.
func (PruneArgs) Kind() string { return "oprun_prune" }

// Intervals are the periods of the maintenance jobs.
type Intervals struct {
	Reconcile time.Duration // default one minute
	Deliver   time.Duration // default 15 seconds
	Prune     time.Duration // default one hour
	// Retention is how long completed runs are kept; zero keeps them for
	// ever (no prune job).
	Retention time.Duration
}

// PeriodicJobs returns the maintenance jobs for river.Config.PeriodicJobs.
// River's elected leader inserts them; each is unique for its period, so
// that a change of leader inserts no second one, and runs once per period
// however many clients share the database.
func PeriodicJobs(every Intervals) []*river.PeriodicJob {
	if every.Reconcile <= 0 {
		every.Reconcile = time.Minute
	}
	if every.Deliver <= 0 {
		every.Deliver = 15 * time.Second
	}
	job := func(args river.JobArgs, period time.Duration) *river.PeriodicJob {
		return river.NewPeriodicJob(river.PeriodicInterval(period), func() (river.JobArgs, *river.InsertOpts) {
			return args, &river.InsertOpts{MaxAttempts: 1, UniqueOpts: river.UniqueOpts{ByPeriod: period}}
		}, &river.PeriodicJobOpts{RunOnStart: true})
	}
	jobs := []*river.PeriodicJob{
		job(ReconcileArgs{}, every.Reconcile),
		job(DeliverArgs{}, every.Deliver),
	}
	if every.Retention > 0 {
		if every.Prune <= 0 {
			every.Prune = time.Hour
		}
		jobs = append(jobs, job(PruneArgs{Retention: every.Retention}, every.Prune))
	}
	return jobs
}

// AddMaintenanceWorkers registers the workers of the maintenance jobs:
// stale-run reconciliation, outbox delivery and retention.
func AddMaintenanceWorkers(workers *river.Workers, runs *oprun.Service) error {
	if runs == nil {
		return errors.New("riverrun: maintenance workers: nil service")
	}
	return errors.Join(
		river.AddWorkerSafely(workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[ReconcileArgs]) error {
			if _, err := runs.ReconcileStale(ctx); err != nil {
				return fmt.Errorf("riverrun: reconcile stale runs: %w", err)
			}
			return nil
		})),
		river.AddWorkerSafely(workers, river.WorkFunc(func(ctx context.Context, _ *river.Job[DeliverArgs]) error {
			if _, err := runs.DeliverPending(ctx); errors.Is(err, oprun.ErrNoNotifier) {
				// Not retried: configure the service with a notifier.
				return river.JobCancel(fmt.Errorf("riverrun: deliver pending notifications: %w", err))
			} else if err != nil {
				return fmt.Errorf("riverrun: deliver pending notifications: %w", err)
			}
			return nil
		})),
		river.AddWorkerSafely(workers, river.WorkFunc(func(ctx context.Context, job *river.Job[PruneArgs]) error {
			if _, err := runs.Prune(ctx, job.Args.Retention); err != nil {
				return fmt.Errorf("riverrun: prune completed runs: %w", err)
			}
			return nil
		})),
	)
}
