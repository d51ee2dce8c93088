package storecheck

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

// StressConfig configures [Stress].
type StressConfig struct {
	// Workers is the number of concurrent workers, each with its own
	// Service on the Store NewStore returns for it.
	Workers int
	// Identities is the number of identities the workers share.
	Identities int
	// Duration bounds the time the workers race.
	Duration time.Duration
	// MaxOpsPerWorker bounds the operations of one worker.
	MaxOpsPerWorker int
	// NewStore returns the Store of one worker, typically on connections
	// of its own to the shared database; it is called, one call at a time,
	// Workers times, then once more for the Store of the final checks.
	NewStore func(t *testing.T) oprun.Store
	// MaxActivePerIdentity, if set, queries the database for the largest
	// number of active runs that one identity has; the check calls it
	// while the workers race and at the end.
	MaxActivePerIdentity func(ctx context.Context) (int, error)
}

// StressResult are the figures of a [Stress] run.
type StressResult struct {
	Elapsed                       time.Duration
	Ops                           int64
	Runs                          int
	Transitions                   int // audit entries that change a run's status
	Increments                    int64
	Completed, Reconciled         int
	CancelRequests                int
	GaveUp                        int64 // writes that lost the race casAttempts times
	Notified                      int
	ActiveChecks                  int64
	IncrementsRejectedOnCompleted int64
}

func (r StressResult) String() string {
	return fmt.Sprintf("%d ops in %s (%.0f ops/s): %d runs, %d status transitions (%.0f/s), %d increments "+
		"(%d refused on completed runs), %d completed (%d by reconciliation), %d cancel requests, "+
		"%d notifications, %d writes gave up after repeated conflicts, %d active-identity checks",
		r.Ops, r.Elapsed.Round(time.Millisecond), float64(r.Ops)/r.Elapsed.Seconds(), r.Runs, r.Transitions,
		float64(r.Transitions)/r.Elapsed.Seconds(), r.Increments, r.IncrementsRejectedOnCompleted,
		r.Completed, r.Reconciled, r.CancelRequests, r.Notified, r.GaveUp, r.ActiveChecks)
}

// stressState is what the workers share and the final checks read.
type stressState struct {
	mu         sync.Mutex
	runs       map[string]bool  // every run a Start returned
	increments map[string]int64 // successful increments by run

	ops, gaveUp, refused atomic.Int64
}

func (s *stressState) sawRun(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.runs[id] = true
}

func (s *stressState) incremented(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.increments[id]++
}

// Stress races cfg.Workers workers, each with its own Service on the
// Store cfg.NewStore returns for it, over cfg.Identities shared
// identities: they start runs (getting
// each other's active run back), mark them running, heartbeat, count
// items, complete them, cancel them as operators, honour cancel requests,
// reconcile stale runs and deliver pending notifications, all at once,
// for cfg.Duration. Afterwards it
// checks that no increment was lost or applied to a completed run, that
// every audit trail is a legal sequence of transitions ending in the
// run's status, that no identity ever had two active runs, and that every
// completed run that opted in was notified exactly once by idempotency
// key, and no other.
func Stress(t *testing.T, cfg StressConfig) StressResult {
	ctx := t.Context()
	catalog, err := newCatalog(20 * time.Millisecond)
	require.NoError(t, err)
	rcv := newReceiver()
	st := &stressState{runs: make(map[string]bool), increments: make(map[string]int64)}

	services := make([]*oprun.Service, cfg.Workers)
	for i := range services {
		services[i], err = oprun.NewService(cfg.NewStore(t), catalog, oprun.WithNotifier(rcv))
		require.NoError(t, err)
	}
	check := cfg.NewStore(t)

	var (
		wg           sync.WaitGroup
		activeChecks atomic.Int64
		stop         = make(chan struct{})
	)
	if cfg.MaxActivePerIdentity != nil {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(5 * time.Millisecond):
				}
				n, err := cfg.MaxActivePerIdentity(ctx)
				if !assert.NoError(t, err) || !assert.LessOrEqual(t, n, 1, "an identity has %d active runs", n) {
					return
				}
				activeChecks.Add(1)
			}
		})
	}

	began := time.Now()
	deadline := began.Add(cfg.Duration)
	var workers sync.WaitGroup
	for w, svc := range services {
		workers.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), uint64(began.UnixNano())))
			for i := 0; i < cfg.MaxOpsPerWorker && time.Now().Before(deadline); i++ {
				if err := stressOp(ctx, svc, rng, cfg.Identities, st); err != nil {
					t.Errorf("worker %d: %v", w, err)
					return
				}
				st.ops.Add(1)
			}
		})
	}
	workers.Wait()
	elapsed := time.Since(began)
	close(stop)
	wg.Wait()

	// Nothing may be left undelivered: every notification was delivered
	// right after its transition.
	n, err := services[0].DeliverPending(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "notifications left in the outbox")
	if cfg.MaxActivePerIdentity != nil {
		n, err := cfg.MaxActivePerIdentity(ctx)
		require.NoError(t, err)
		assert.LessOrEqual(t, n, 1)
	}

	res := StressResult{
		Elapsed:                       elapsed,
		Ops:                           st.ops.Load(),
		Runs:                          len(st.runs),
		GaveUp:                        st.gaveUp.Load(),
		IncrementsRejectedOnCompleted: st.refused.Load(),
		ActiveChecks:                  activeChecks.Load(),
	}
	delivered := rcv.deliveries()
	active := map[string]int{}
	for id := range st.runs {
		r, err := check.Get(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, st.increments[id], r.Summary[oprun.SummaryItemsProcessed], "run %s: increments lost or applied after completion", id)
		res.Increments += st.increments[id]

		audit, err := check.ListAudit(ctx, id)
		require.NoError(t, err)
		transitions, err := checkAudit(r, audit)
		assert.NoError(t, err, "run %s", id)
		res.Transitions += transitions
		for _, a := range audit {
			if a.Event == oprun.EventCancelRequested {
				res.CancelRequests++
			}
		}

		key := id + ":completed"
		switch {
		case r.Active():
			active[r.Identity]++
			assert.Zero(t, delivered[key], "active run %s was notified", id)
		case r.Notify:
			assert.Equal(t, 1, delivered[key], "completed run %s that opted in: deliveries", id)
			res.Notified++
		default:
			assert.Zero(t, delivered[key], "run %s did not opt in but was notified", id)
		}
		if !r.Active() {
			res.Completed++
			if r.Reason.Code == oprun.ReasonStale {
				res.Reconciled++
			}
		}
		delete(delivered, key)
	}
	assert.Empty(t, delivered, "notifications of unknown runs")
	for identity, n := range active {
		assert.Equal(t, 1, n, "identity %s has %d active runs", identity, n)
	}
	pending, err := check.PendingNotifications(ctx, time.Now().Add(24*time.Hour), 0)
	require.NoError(t, err)
	assert.Empty(t, pending)
	return res
}

// stressOp does one random operation and returns an error only for an
// outcome the race cannot explain.
func stressOp(ctx context.Context, svc *oprun.Service, rng *rand.Rand, identities int, st *stressState) error {
	target := fmt.Sprintf("mailbox:%d", rng.IntN(identities))
	run, _, err := svc.Start(ctx, oprun.StartRequest{
		Type:     TypeSync,
		Scope:    scope(target),
		Identity: "sync:" + target,
		Notify:   rng.IntN(2) == 0,
	})
	switch {
	case errors.Is(err, oprun.ErrConflict):
		st.gaveUp.Add(1) // the identity's active run kept changing: allowed
		return nil
	case err != nil:
		return fmt.Errorf("start: %w", err)
	}
	st.sawRun(run.ID)
	id := run.ID

	switch op := rng.IntN(100); {
	case op < 20:
		_, err = svc.MarkRunning(ctx, id)
		err = allow(err, oprun.ErrRunCompleted, oprun.ErrIllegalTransition)
	case op < 30:
		err = allow(svc.Heartbeat(ctx, id), oprun.ErrRunCompleted, oprun.ErrNotRunning)
	case op < 55:
		err = svc.Increment(ctx, id, oprun.SummaryItemsProcessed, 1)
		switch {
		case err == nil:
			st.incremented(id)
		case errors.Is(err, oprun.ErrRunCompleted):
			st.refused.Add(1)
			err = nil
		}
	case op < 70:
		outcome := []oprun.Outcome{oprun.OutcomeSucceeded, oprun.OutcomePartiallySucceeded, oprun.OutcomeFailed}[rng.IntN(3)]
		_, err = svc.Complete(ctx, id, outcome, oprun.Reason{Code: oprun.ReasonProviderError, Message: "stress"})
		// A queued run may not succeed or fail: that is an illegal transition.
		err = allow(err, oprun.ErrRunCompleted, oprun.ErrIllegalTransition)
	case op < 80:
		_, err = svc.Cancel(ctx, operator(), id)
		var ae *oprun.ActionError
		if errors.As(err, &ae) && (ae.Denial == oprun.DenialCompleted || ae.Denial == oprun.DenialCancelRequested) {
			err = nil
		}
	case op < 88:
		var requested bool
		requested, err = svc.CancelRequested(ctx, id)
		if err == nil && requested {
			_, err = svc.Complete(ctx, id, oprun.OutcomeCancelled, oprun.Reason{})
			err = allow(err, oprun.ErrRunCompleted)
		}
	case op < 94:
		_, err = svc.ReconcileStale(ctx)
	default:
		// Races the delivery that follows each completion for the claim.
		_, err = svc.DeliverPending(ctx)
	}
	if errors.Is(err, oprun.ErrConflict) {
		st.gaveUp.Add(1) // lost the race casAttempts times in a row: allowed
		return nil
	}
	return err
}

// allow returns nil if err matches one of targets.
func allow(err error, targets ...error) error {
	for _, target := range targets {
		if errors.Is(err, target) {
			return nil
		}
	}
	return err
}

// checkAudit checks that audit is a legal history of r: a start, then
// transitions each from the status the previous one reached, each in the
// lifecycle table, and an end in r's status and outcome. It returns the
// number of status transitions, the start included.
func checkAudit(r *oprun.Run, audit []oprun.AuditEntry) (int, error) {
	if len(audit) == 0 || audit[0].Event != oprun.EventStarted || audit[0].To != oprun.StatusQueued {
		return 0, fmt.Errorf("audit does not begin with a start: %v", audit)
	}
	status, outcome, transitions := audit[0].To, audit[0].Outcome, 1
	for i, a := range audit[1:] {
		if a.RunID != r.ID {
			return 0, fmt.Errorf("entry %d is of run %s", i+1, a.RunID)
		}
		if a.From != status {
			return 0, fmt.Errorf("entry %d (%s) moves from %s, but the run was %s", i+1, a.Event, a.From, status)
		}
		switch a.Event {
		case oprun.EventCancelRequested:
			if a.From != oprun.StatusRunning || a.To != oprun.StatusRunning {
				return 0, fmt.Errorf("entry %d: cancel request %s→%s", i+1, a.From, a.To)
			}
		case oprun.EventRunning, oprun.EventCompleted:
			if err := oprun.CheckTransition(a.From, a.To, a.Outcome); err != nil {
				return 0, fmt.Errorf("entry %d: %w", i+1, err)
			}
			transitions++
		default:
			return 0, fmt.Errorf("entry %d: unexpected event %s", i+1, a.Event)
		}
		status, outcome = a.To, a.Outcome
	}
	if status != r.Status || outcome != r.Outcome {
		return 0, fmt.Errorf("audit ends at %s/%s, the run is %s/%s", status, outcome, r.Status, r.Outcome)
	}
	return transitions, nil
}
