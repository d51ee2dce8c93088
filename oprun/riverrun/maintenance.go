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

// Intervals are the periods of the maintenance jobs.
type Intervals struct {
	Reconcile time.Duration // default one minute
	Deliver   time.Duration // default 15 seconds
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
	return []*river.PeriodicJob{
		job(ReconcileArgs{}, every.Reconcile),
		job(DeliverArgs{}, every.Deliver),
	}
}

// AddMaintenanceWorkers registers the workers of the maintenance jobs.
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
			if _, err := runs.DeliverPending(ctx); err != nil {
				return fmt.Errorf("riverrun: deliver pending notifications: %w", err)
			}
			return nil
		})),
	)
}
