// Package jobs runs the service's background work through oprun.
package jobs

import (
	"context"
	"fmt"

	"example.com/backupsvc/internal/graph"
	"github.com/runtruth/runtruth/oprun"
)

// OpMailboxBackup is the operation type of a mailbox backup.
const OpMailboxBackup oprun.OperationType = "mailbox_backup"

// Backup backs up every mailbox of a managed environment.
type Backup struct {
	Runs  *oprun.Service
	Graph *graph.Client
}

// Start queues a backup; a backup already active for the environment is
// returned instead of a second one.
func (b *Backup) Start(ctx context.Context, scope oprun.Scope) (*oprun.Run, error) {
	run, _, err := b.Runs.Start(ctx, oprun.StartRequest{
		Type:     OpMailboxBackup,
		Scope:    scope,
		Identity: "mailboxes:" + scope.ManagedEnvironment,
		Notify:   true,
	})
	if err != nil {
		return nil, fmt.Errorf("start mailbox backup: %w", err)
	}
	return run, nil
}

// Work runs a queued backup to its end: the clean path, every transition
// through the service.
func (b *Backup) Work(ctx context.Context, runID string) error {
	if _, err := b.Runs.MarkRunning(ctx, runID); err != nil {
		return err
	}
	users, err := b.Graph.ListUsers(ctx)
	if err != nil {
		_, ferr := b.Runs.Fail(ctx, runID, oprun.ReasonFrom(err))
		return ferr
	}
	if err := b.Runs.Increment(ctx, runID, oprun.SummaryItemsTotal, int64(len(users))); err != nil {
		return err
	}
	for _, u := range users {
		size, err := b.Graph.MailboxSize(ctx, u.ID)
		if err != nil {
			if err := b.Runs.Increment(ctx, runID, oprun.SummaryItemsFailed, 1); err != nil {
				return err
			}
			continue
		}
		if err := b.Runs.IncrementMany(ctx, runID, map[oprun.SummaryKey]int64{
			oprun.SummaryItemsSucceeded:   1,
			oprun.SummaryBytesTransferred: size,
		}); err != nil {
			return err
		}
	}
	_, err = b.Runs.Complete(ctx, runID, oprun.OutcomeSucceeded, oprun.Reason{})
	return err
}

// ShortCircuit marks a backup of an empty environment as done without
// asking the service: the competing write that runtruth stops.
func ShortCircuit(run *oprun.Run) {
	run.Status = oprun.StatusCompleted
	run.Outcome = oprun.OutcomeSucceeded
}

// IsDone reads the run's status: reading is fine.
func IsDone(run *oprun.Run) bool {
	return run.Status == oprun.StatusCompleted
}

// Retry re-runs a failed backup step and puts the provider's error text,
// body and all, into the run message that customers read.
func (b *Backup) Retry(ctx context.Context, runID string) error {
	users, err := b.Graph.ListUsers(ctx)
	if err != nil {
		_, ferr := b.Runs.Fail(ctx, runID, oprun.Reason{
			Code:    oprun.ReasonProviderError,
			Message: "list users: " + err.Error(),
		})
		return ferr
	}
	return b.Runs.UpdateContext(ctx, runID, oprun.Context{"users": len(users)})
}

// RetryClean is the same, the approved way: a reason code from the error,
// and only a count and an ID in the context.
func (b *Backup) RetryClean(ctx context.Context, runID string) error {
	users, err := b.Graph.ListUsers(ctx)
	if err != nil {
		_, ferr := b.Runs.Fail(ctx, runID, oprun.ReasonFrom(err))
		return ferr
	}
	if len(users) == 0 {
		return nil
	}
	return b.Runs.UpdateContext(ctx, runID, oprun.Context{"users": len(users), "first_user": users[0].ID})
}
