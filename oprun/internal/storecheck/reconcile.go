package storecheck

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

// racingStore runs between once, after the first ListStale and before
// the reconciler writes anything.
type racingStore struct {
	oprun.Store
	between func()
}

func (s *racingStore) ListStale(ctx context.Context, typ oprun.OperationType, olderThan time.Time) ([]*oprun.Run, error) {
	runs, err := s.Store.ListStale(ctx, typ, olderThan)
	if s.between != nil {
		s.between()
		s.between = nil
	}
	return runs, err
}

// ReconcileFenced checks that stale reconciliation is fenced by the
// status and version it saw: of three runs listed as stale, one completes
// and one heartbeats before the reconciler writes; only the third is
// reconciled, and the other two keep what their workers wrote.
func ReconcileFenced(t *testing.T, store oprun.Store) {
	ctx := t.Context()
	catalog, err := newCatalog(time.Minute)
	require.NoError(t, err)
	clock := &skewClock{}
	rcv := newReceiver()
	worker, err := oprun.NewService(store, catalog, oprun.WithClock(clock), oprun.WithNotifier(rcv))
	require.NoError(t, err)

	running := func(target string) *oprun.Run {
		r, _, err := worker.Start(ctx, oprun.StartRequest{Type: TypeSync, Scope: scope(target), Notify: true})
		require.NoError(t, err)
		r, err = worker.MarkRunning(ctx, r.ID)
		require.NoError(t, err)
		return r
	}
	finished, revived, dead := running("mailbox:finished"), running("mailbox:revived"), running("mailbox:dead")

	clock.Advance(2 * time.Minute)
	racing := &racingStore{Store: store}
	racing.between = func() {
		_, err := worker.Complete(ctx, finished.ID, oprun.OutcomeSucceeded, oprun.Reason{})
		assert.NoError(t, err)
		assert.NoError(t, worker.Heartbeat(ctx, revived.ID))
	}
	reconciler, err := oprun.NewService(racing, catalog, oprun.WithClock(clock), oprun.WithNotifier(rcv))
	require.NoError(t, err)
	n, err := reconciler.ReconcileStale(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)

	got, err := store.Get(ctx, finished.ID)
	require.NoError(t, err)
	assert.Equal(t, oprun.OutcomeSucceeded, got.Outcome, "the worker's outcome stands")
	assert.Empty(t, got.Reason.Code)
	got, err = store.Get(ctx, revived.ID)
	require.NoError(t, err)
	assert.Equal(t, oprun.StatusRunning, got.Status, "a run that heartbeated in between stays running")
	got, err = store.Get(ctx, dead.ID)
	require.NoError(t, err)
	assert.Equal(t, oprun.OutcomeFailed, got.Outcome)
	assert.Equal(t, oprun.ReasonStale, got.Reason.Code)

	assert.Equal(t, map[string]int{finished.ID + ":completed": 1, dead.ID + ":completed": 1}, rcv.deliveries())
	for _, id := range []string{finished.ID, dead.ID} {
		audit, err := store.ListAudit(ctx, id)
		require.NoError(t, err)
		completions := 0
		for _, a := range audit {
			if a.Event == oprun.EventCompleted {
				completions++
			}
		}
		assert.Equal(t, 1, completions, "run %s completed once", id)
	}
}
