package oprun_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

func TestReconcileStale(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()

	queued := f.start(t, typeSync, "", true)    // never picked up
	alive := f.running(t, typeSync, false)      // keeps heartbeating
	quiet := f.running(t, typeSync, true)       // worker died
	cancelling := f.running(t, typeSync, false) // died after a cancel request
	report := f.running(t, typeReport, false)   // shorter threshold
	done := f.running(t, typeSync, false)       // completed: left alone
	_, err := f.svc.Cancel(ctx, operator(), cancelling.ID)
	require.NoError(t, err)
	_, err = f.svc.Complete(ctx, done.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	require.NoError(t, err)

	f.clock.Advance(2 * time.Minute)
	n, err := f.svc.ReconcileStale(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "only the report is past its 1m threshold")
	assert.Equal(t, oprun.OutcomeFailed, f.get(t, report.ID).Outcome)

	f.clock.Advance(2 * time.Minute)
	require.NoError(t, f.svc.Heartbeat(ctx, alive.ID))
	f.clock.Advance(2 * time.Minute) // 6m since start, 2m since alive's heartbeat

	n, err = f.svc.ReconcileStale(ctx)
	require.NoError(t, err)
	assert.Equal(t, 3, n)

	for id, want := range map[string]oprun.Outcome{
		queued.ID:     oprun.OutcomeCancelled,
		quiet.ID:      oprun.OutcomeFailed,
		cancelling.ID: oprun.OutcomeCancelled,
	} {
		got := f.get(t, id)
		assert.Equal(t, oprun.StatusCompleted, got.Status, id)
		assert.Equal(t, want, got.Outcome, id)
		assert.Equal(t, oprun.ReasonStale, got.Reason.Code, id)
		msg := "no sign of life for 6m0s, more than the 5m0s allowed"
		if id == queued.ID {
			msg = "queued for 6m0s, more than the 5m0s allowed"
		}
		assert.Equal(t, msg, got.Reason.Message, id)
		assert.Equal(t, f.clock.Now(), got.CompletedAt, id)

		audit, err := f.svc.Audit(ctx, operator(), id)
		require.NoError(t, err)
		last := audit[len(audit)-1]
		assert.Equal(t, oprun.ReconcilerActorID, last.Actor)
		assert.Equal(t, oprun.ReasonStale, last.ReasonCode)
		assert.Equal(t, oprun.EventCompleted, last.Event)
	}
	assert.Equal(t, oprun.StatusRunning, f.get(t, alive.ID).Status)
	assert.Equal(t, oprun.OutcomeSucceeded, f.get(t, done.ID).Outcome)

	// Reconciled runs that opted in are notified, once.
	var notified []string
	for _, n := range f.notifier.Sent() {
		notified = append(notified, n.RunID)
		assert.Equal(t, oprun.ReasonStale, n.ReasonCode)
	}
	assert.ElementsMatch(t, []string{queued.ID, quiet.ID}, notified)

	n, err = f.svc.ReconcileStale(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "nothing left to reconcile")
}

// TestQueueTimeout: a queued run is reconciled after its type's
// QueueTimeout, not its StaleAfter, which still holds for running runs.
func TestQueueTimeout(t *testing.T) {
	ctx := t.Context()
	clock := newFakeClock()
	catalog, err := oprun.NewCatalog(oprun.OperationSpec{Type: "backup", StaleAfter: time.Minute, QueueTimeout: 10 * time.Minute})
	require.NoError(t, err)
	svc, err := oprun.NewService(oprun.NewMemoryStore(), catalog, oprun.WithClock(clock), oprun.WithIDGenerator(sequentialIDs()))
	require.NoError(t, err)
	start := func() *oprun.Run {
		r, _, err := svc.Start(ctx, oprun.StartRequest{Type: "backup", Scope: scope("ws-1")})
		require.NoError(t, err)
		return r
	}
	queued, quiet := start(), start()
	_, err = svc.MarkRunning(ctx, quiet.ID)
	require.NoError(t, err)

	clock.Advance(2 * time.Minute)
	n, err := svc.ReconcileStale(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n, "only the running run is past its 1m")
	got, err := svc.Get(ctx, operator(), queued.ID)
	require.NoError(t, err)
	assert.Equal(t, oprun.StatusQueued, got.Status, "queued for 2m of 10m")
	got, err = svc.Get(ctx, operator(), quiet.ID)
	require.NoError(t, err)
	assert.Equal(t, oprun.OutcomeFailed, got.Outcome)

	clock.Advance(9 * time.Minute)
	n, err = svc.ReconcileStale(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	got, err = svc.Get(ctx, operator(), queued.ID)
	require.NoError(t, err)
	assert.Equal(t, oprun.OutcomeCancelled, got.Outcome)
	assert.Equal(t, "queued for 11m0s, more than the 10m0s allowed", got.Reason.Message)
}

// TestReconcileIsFenced interleaves a write between reconciliation reading
// the stale runs and completing them: the write wins.
func TestReconcileIsFenced(t *testing.T) {
	for _, tc := range []struct {
		name  string
		write func(t *testing.T, f *fixture, id string)
		want  oprun.Outcome
	}{
		{"completed meanwhile", func(t *testing.T, f *fixture, id string) {
			_, err := f.svc.Complete(t.Context(), id, oprun.OutcomeSucceeded, oprun.Reason{})
			require.NoError(t, err)
		}, oprun.OutcomeSucceeded},
		{"heartbeat meanwhile", func(t *testing.T, f *fixture, id string) {
			require.NoError(t, f.svc.Heartbeat(t.Context(), id))
		}, oprun.OutcomePending},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs := &hookStore{Store: oprun.NewMemoryStore()}
			f := newFixtureWithStore(t, hs)
			r := f.running(t, typeSync, true)
			f.clock.Advance(10 * time.Minute)

			var interleaved bool
			hs.afterListStale = func(stale []*oprun.Run) {
				for _, s := range stale {
					if s.ID == r.ID && !interleaved {
						interleaved = true
						tc.write(t, f, r.ID)
					}
				}
			}
			n, err := f.svc.ReconcileStale(t.Context())
			require.NoError(t, err)
			require.True(t, interleaved, "the hook ran")
			assert.Zero(t, n)

			got := f.get(t, r.ID)
			assert.Equal(t, tc.want, got.Outcome)
			assert.NotEqual(t, oprun.ReasonStale, got.Reason.Code)
			for _, n := range f.notifier.Sent() {
				assert.NotEqual(t, oprun.ReasonStale, n.ReasonCode)
			}
		})
	}
}
