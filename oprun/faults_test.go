package oprun_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

var errDatabase = errors.New("database is down")

// faultyStore wraps a Store and fails the methods it is told to.
type faultyStore struct {
	oprun.Store
	failGet, failInsert, failCAS, failListStale, failListAudit, failMark bool
	conflictCAS                                                          bool
	casCalls                                                             int
}

func (s *faultyStore) Get(ctx context.Context, id string) (*oprun.Run, error) {
	if s.failGet {
		return nil, fmt.Errorf("faulty store: %w", errDatabase)
	}
	return s.Store.Get(ctx, id)
}

func (s *faultyStore) InsertOrGetActive(ctx context.Context, r *oprun.Run, e oprun.Effects) (*oprun.Run, bool, error) {
	if s.failInsert {
		return nil, false, fmt.Errorf("faulty store: %w", errDatabase)
	}
	return s.Store.InsertOrGetActive(ctx, r, e)
}

func (s *faultyStore) CompareAndSwap(ctx context.Context, r *oprun.Run, st oprun.Status, v int64, e oprun.Effects) (*oprun.Run, error) {
	s.casCalls++
	switch {
	case s.conflictCAS:
		return nil, fmt.Errorf("faulty store: %w", oprun.ErrConflict)
	case s.failCAS:
		return nil, fmt.Errorf("faulty store: %w", errDatabase)
	}
	return s.Store.CompareAndSwap(ctx, r, st, v, e)
}

func (s *faultyStore) ListStale(ctx context.Context, typ oprun.OperationType, olderThan time.Time) ([]*oprun.Run, error) {
	if s.failListStale && typ == typeReport {
		return nil, fmt.Errorf("faulty store: %w", errDatabase)
	}
	return s.Store.ListStale(ctx, typ, olderThan)
}

func (s *faultyStore) ListAudit(ctx context.Context, id string) ([]oprun.AuditEntry, error) {
	if s.failListAudit {
		return nil, fmt.Errorf("faulty store: %w", errDatabase)
	}
	return s.Store.ListAudit(ctx, id)
}

func (s *faultyStore) MarkNotificationDelivered(ctx context.Context, key string, at time.Time) error {
	if s.failMark {
		return fmt.Errorf("faulty store: %w", errDatabase)
	}
	return s.Store.MarkNotificationDelivered(ctx, key, at)
}

func TestStoreErrorsAreReturned(t *testing.T) {
	ctx := t.Context()
	fs := &faultyStore{Store: oprun.NewMemoryStore()}
	f := newFixtureWithStore(t, fs)
	r := f.running(t, typeSync, true)

	fs.failGet = true
	_, err := f.svc.Get(ctx, operator(), r.ID)
	assert.ErrorIs(t, err, errDatabase)
	assert.NotErrorIs(t, err, oprun.ErrNotFound, "a broken store is not a missing run")
	_, err = f.svc.CancelRequested(ctx, r.ID)
	assert.ErrorIs(t, err, errDatabase)
	assert.ErrorIs(t, f.svc.Heartbeat(ctx, r.ID), errDatabase)
	fs.failGet = false

	fs.failInsert = true
	_, _, err = f.svc.Start(ctx, oprun.StartRequest{Type: typeSync, Scope: scope("ws-1")})
	assert.ErrorIs(t, err, errDatabase)
	fs.failInsert = false

	fs.failCAS = true
	_, err = f.svc.Complete(ctx, r.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	assert.ErrorIs(t, err, errDatabase)
	assert.Equal(t, oprun.StatusRunning, f.get(t, r.ID).Status)
	fs.failCAS = false

	fs.failListAudit = true
	_, err = f.svc.Audit(ctx, operator(), r.ID)
	assert.ErrorIs(t, err, errDatabase)
	fs.failListAudit = false

	// A notification sent but not marked delivered is reported by
	// DeliverPending, and the transition stands.
	fs.failMark = true
	_, err = f.svc.Complete(ctx, r.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	require.NoError(t, err)
	assert.Len(t, f.notifier.Sent(), 1)
	f.clock.Advance(time.Hour)
	n, err := f.svc.DeliverPending(ctx)
	assert.ErrorIs(t, err, errDatabase)
	assert.Equal(t, 1, n, "sent again, since it was never marked; the idempotency key lets the receiver drop it")
}

func TestReconcileReportsErrorsAndContinues(t *testing.T) {
	fs := &faultyStore{Store: oprun.NewMemoryStore()}
	f := newFixtureWithStore(t, fs)
	r := f.running(t, typeSync, false)
	f.clock.Advance(time.Hour)

	fs.failListStale = true // for the report type only
	n, err := f.svc.ReconcileStale(t.Context())
	assert.ErrorIs(t, err, errDatabase)
	assert.Contains(t, err.Error(), "list stale report runs")
	assert.Equal(t, 1, n, "the sync run was reconciled all the same")
	assert.Equal(t, oprun.ReasonStale, f.get(t, r.ID).Reason.Code)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err = f.svc.ReconcileStale(ctx)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestUpdateGivesUpOnEndlessConflicts(t *testing.T) {
	fs := &faultyStore{Store: oprun.NewMemoryStore()}
	f := newFixtureWithStore(t, fs)
	r := f.start(t, typeSync, "", false)
	fs.conflictCAS = true
	_, err := f.svc.MarkRunning(t.Context(), r.ID)
	assert.ErrorIs(t, err, oprun.ErrConflict)
	assert.Equal(t, 10, fs.casCalls, "bounded retries")
	assert.Equal(t, oprun.StatusQueued, f.get(t, r.ID).Status)
}
