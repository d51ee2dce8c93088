// Package storetest is the conformance suite of [oprun.Store]. Every Store
// implementation runs it from its tests:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) oprun.Store { return newTestStore(t) })
//	}
package storetest

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

// Run checks that the stores returned by newStore follow the contract
// documented on [oprun.Store]. newStore is called once per subtest and must
// return an empty store; it may register cleanups with t.
func Run(t *testing.T, newStore func(t *testing.T) oprun.Store) {
	t.Helper()
	for _, tc := range []struct {
		name string
		test func(t *testing.T, s oprun.Store)
	}{
		{"InsertAndGet", testInsertAndGet},
		{"ResultsAreCopies", testResultsAreCopies},
		{"DuplicateID", testDuplicateID},
		{"IdentityDedupe", testIdentityDedupe},
		{"IdentityFreedOnCompletion", testIdentityFreedOnCompletion},
		{"ConcurrentInsertSameIdentity", testConcurrentInsertSameIdentity},
		{"OneRetryPerParent", testOneRetryPerParent},
		{"CompareAndSwap", testCompareAndSwap},
		{"CompareAndSwapMisses", testCompareAndSwapMisses},
		{"CompletedRunIsImmutable", testCompletedRunIsImmutable},
		{"ConcurrentCompareAndSwap", testConcurrentCompareAndSwap},
		{"EffectsAreAtomic", testEffectsAreAtomic},
		{"IncrementSummary", testIncrementSummary},
		{"ConcurrentIncrements", testConcurrentIncrements},
		{"IncrementOverflowAppliesNothing", testIncrementOverflow},
		{"ListStale", testListStale},
		{"ListRuns", testListRuns},
		{"Prune", testPrune},
		{"Outbox", testOutbox},
		{"OutboxFailures", testOutboxFailures},
		{"ConcurrentClaims", testConcurrentClaims},
		{"CancelledContext", testCancelledContext},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.test(t, newStore(t))
		})
	}
}

// t0 returns the time the suite's runs are created at, at microsecond
// precision in UTC as the Service writes times.
func t0() time.Time { return time.Date(2025, 3, 1, 9, 30, 0, 123456000, time.UTC) }

const typeSync oprun.OperationType = "sync"

func newRun(id, workspace, identity string) *oprun.Run {
	return &oprun.Run{
		ID:   id,
		Type: typeSync,
		Scope: oprun.Scope{
			Workspace:          workspace,
			ManagedEnvironment: "env-1",
			TargetScope:        "mailbox:alice",
			Initiator:          "user-1",
		},
		Status:   oprun.StatusQueued,
		Outcome:  oprun.OutcomePending,
		Identity: identity,
		Attempt:  1,
		Context: oprun.Context{
			"mailboxes": int64(12),
			"dry_run":   true,
			"ratio":     0.25,
			"region":    "westeurope",
		},
		Notify:    true,
		CreatedAt: t0(),
	}
}

// normalized treats empty and nil maps alike, so that stores may return
// either.
func normalized(r *oprun.Run) *oprun.Run {
	c := r.Clone()
	if len(c.Summary) == 0 {
		c.Summary = nil
	}
	if len(c.Context) == 0 {
		c.Context = nil
	}
	return c
}

func assertRun(t *testing.T, want, got *oprun.Run) {
	t.Helper()
	require.NotNil(t, got)
	assert.Equal(t, normalized(want), normalized(got))
}

func insert(t *testing.T, s oprun.Store, r *oprun.Run) *oprun.Run {
	t.Helper()
	stored, created, err := s.InsertOrGetActive(t.Context(), r, oprun.Effects{})
	require.NoError(t, err)
	require.True(t, created, "run %s not created", r.ID)
	return stored
}

// complete moves a stored run to completed with a compare-and-set.
func complete(t *testing.T, s oprun.Store, r *oprun.Run, effects oprun.Effects) *oprun.Run {
	t.Helper()
	next := r.Clone()
	next.Status, next.Outcome, next.CompletedAt = oprun.StatusCompleted, oprun.OutcomeSucceeded, t0().Add(time.Hour)
	stored, err := s.CompareAndSwap(t.Context(), next, r.Status, r.Version, effects)
	require.NoError(t, err)
	return stored
}

// notification is an outbox fixture. Only the Service builds notifications
// for real; a store sees them as opaque values.
func notification(runID string) oprun.Notification {
	//runtruth:allow runnotify the conformance suite fills the outbox with fixtures
	return oprun.Notification{
		RunID:          runID,
		Workspace:      "ws-1",
		Type:           typeSync,
		Outcome:        oprun.OutcomeSucceeded,
		Link:           oprun.RunLink("https://app.example.com", runID),
		IdempotencyKey: runID + ":completed",
	}
}

func testInsertAndGet(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	r := newRun("r1", "ws-1", "sync:alice")
	stored, created, err := s.InsertOrGetActive(ctx, r, oprun.Effects{})
	require.NoError(t, err)
	assert.True(t, created)

	want := r.Clone()
	want.Version = 1
	assertRun(t, want, stored)

	got, err := s.Get(ctx, "r1")
	require.NoError(t, err)
	assertRun(t, want, got)

	_, err = s.Get(ctx, "missing")
	assert.ErrorIs(t, err, oprun.ErrNotFound)
}

func testResultsAreCopies(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	r := newRun("r1", "ws-1", "")
	stored := insert(t, s, r)
	require.NoError(t, s.IncrementSummary(ctx, "r1", []oprun.SummaryDelta{{Key: oprun.SummaryItemsTotal, Delta: 3}}, true))

	r.Context["region"] = "changed"
	stored.Context["region"] = "changed"
	got, err := s.Get(ctx, "r1")
	require.NoError(t, err)
	got.Context["region"] = "changed"
	got.Summary[oprun.SummaryItemsTotal] = 99

	again, err := s.Get(ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, "westeurope", again.Context["region"])
	assert.Equal(t, int64(3), again.Summary[oprun.SummaryItemsTotal])
}

func testDuplicateID(t *testing.T, s oprun.Store) {
	insert(t, s, newRun("r1", "ws-1", ""))
	_, _, err := s.InsertOrGetActive(t.Context(), newRun("r1", "ws-2", ""), oprun.Effects{})
	assert.ErrorIs(t, err, oprun.ErrDuplicate)
}

func testIdentityDedupe(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	first := insert(t, s, newRun("r1", "ws-1", "sync:alice"))

	dup := newRun("r2", "ws-1", "sync:alice")
	audit := oprun.AuditEntry{RunID: "r2", Event: oprun.EventStarted, To: oprun.StatusQueued, Outcome: oprun.OutcomePending, Actor: "user-1", At: t0()}
	got, created, err := s.InsertOrGetActive(ctx, dup, oprun.Effects{Audit: []oprun.AuditEntry{audit}})
	require.NoError(t, err)
	assert.False(t, created)
	assertRun(t, first, got)
	_, err = s.Get(ctx, "r2")
	assert.ErrorIs(t, err, oprun.ErrNotFound, "the duplicate must not be stored")
	entries, err := s.ListAudit(ctx, "r2")
	require.NoError(t, err)
	assert.Empty(t, entries, "effects of a duplicate start must not be written")

	// Same identity in another workspace, or of another type: a new run.
	insert(t, s, newRun("r3", "ws-2", "sync:alice"))
	other := newRun("r4", "ws-1", "sync:alice")
	other.Type = "backup"
	insert(t, s, other)

	// An empty identity never deduplicates.
	insert(t, s, newRun("r5", "ws-1", ""))
	insert(t, s, newRun("r6", "ws-1", ""))

	// A running run still holds its identity.
	next := first.Clone()
	next.Status = oprun.StatusRunning
	_, err = s.CompareAndSwap(ctx, next, first.Status, first.Version, oprun.Effects{})
	require.NoError(t, err)
	got, created, err = s.InsertOrGetActive(ctx, newRun("r7", "ws-1", "sync:alice"), oprun.Effects{})
	require.NoError(t, err)
	assert.False(t, created)
	assert.Equal(t, "r1", got.ID)
}

func testIdentityFreedOnCompletion(t *testing.T, s oprun.Store) {
	first := insert(t, s, newRun("r1", "ws-1", "sync:alice"))
	complete(t, s, first, oprun.Effects{})
	second := insert(t, s, newRun("r2", "ws-1", "sync:alice"))
	assert.Equal(t, "r2", second.ID)

	got, created, err := s.InsertOrGetActive(t.Context(), newRun("r3", "ws-1", "sync:alice"), oprun.Effects{})
	require.NoError(t, err)
	assert.False(t, created)
	assert.Equal(t, "r2", got.ID)
}

func testConcurrentInsertSameIdentity(t *testing.T, s oprun.Store) {
	const n = 100
	var created atomic.Int32
	ids := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r, ok, err := s.InsertOrGetActive(t.Context(), newRun(fmt.Sprintf("r%03d", i), "ws-1", "sync:alice"), oprun.Effects{})
			errs[i] = err
			if err == nil {
				ids[i] = r.ID
				if ok {
					created.Add(1)
				}
			}
		})
	}
	wg.Wait()
	for i := range n {
		require.NoError(t, errs[i])
		assert.Equal(t, ids[0], ids[i])
	}
	assert.Equal(t, int32(1), created.Load())
}

func testOneRetryPerParent(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	parent := insert(t, s, newRun("r1", "ws-1", ""))
	complete(t, s, parent, oprun.Effects{})

	_, err := s.GetRetry(ctx, "r1")
	assert.ErrorIs(t, err, oprun.ErrNotFound)

	child := newRun("r2", "ws-1", "")
	child.ParentID, child.Attempt = "r1", 2
	insert(t, s, child)

	twin := newRun("r3", "ws-1", "")
	twin.ParentID, twin.Attempt = "r1", 2
	_, _, err = s.InsertOrGetActive(ctx, twin, oprun.Effects{})
	assert.ErrorIs(t, err, oprun.ErrAlreadyRetried)
	_, err = s.Get(ctx, "r3")
	assert.ErrorIs(t, err, oprun.ErrNotFound)

	got, err := s.GetRetry(ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, "r2", got.ID)
	assert.Equal(t, 2, got.Attempt)
}

func testCompareAndSwap(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	stored := insert(t, s, newRun("r1", "ws-1", "sync:alice"))
	require.NoError(t, s.IncrementSummary(ctx, "r1", []oprun.SummaryDelta{{Key: oprun.SummaryItemsTotal, Delta: 5}}, true))

	next := stored.Clone()
	next.Status = oprun.StatusRunning
	next.StartedAt, next.HeartbeatAt = t0().Add(time.Second), t0().Add(2*time.Second)
	next.Context = oprun.Context{"phase": "copy"}
	next.CancelRequested = true
	next.Reason = oprun.Reason{Code: oprun.ReasonCancelled, Message: "asked to stop"}
	// Immutable fields are ignored, and so is the summary.
	next.Type, next.Scope.Workspace, next.Identity, next.Attempt, next.ParentID = "other", "ws-2", "x", 7, "p"
	next.Notify = false
	next.CreatedAt = t0().Add(time.Hour)
	next.Summary = map[oprun.SummaryKey]int64{oprun.SummaryItemsTotal: 1000}
	next.Version = 42

	got, err := s.CompareAndSwap(ctx, next, oprun.StatusQueued, 1, oprun.Effects{})
	require.NoError(t, err)

	want := stored.Clone()
	want.Status = oprun.StatusRunning
	want.StartedAt, want.HeartbeatAt = t0().Add(time.Second), t0().Add(2*time.Second)
	want.Context = oprun.Context{"phase": "copy"}
	want.CancelRequested = true
	want.Reason = oprun.Reason{Code: oprun.ReasonCancelled, Message: "asked to stop"}
	want.Summary = map[oprun.SummaryKey]int64{oprun.SummaryItemsTotal: 5}
	want.Version = 2
	assertRun(t, want, got)

	again, err := s.Get(ctx, "r1")
	require.NoError(t, err)
	assertRun(t, want, again)
}

func testCompareAndSwapMisses(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	stored := insert(t, s, newRun("r1", "ws-1", ""))
	next := stored.Clone()
	next.Status = oprun.StatusRunning

	_, err := s.CompareAndSwap(ctx, next, oprun.StatusQueued, 2, oprun.Effects{})
	assert.ErrorIs(t, err, oprun.ErrConflict, "wrong version")
	_, err = s.CompareAndSwap(ctx, next, oprun.StatusRunning, 1, oprun.Effects{})
	assert.ErrorIs(t, err, oprun.ErrConflict, "wrong status")

	missing := next.Clone()
	missing.ID = "missing"
	_, err = s.CompareAndSwap(ctx, missing, oprun.StatusQueued, 1, oprun.Effects{})
	assert.ErrorIs(t, err, oprun.ErrNotFound)

	got, err := s.Get(ctx, "r1")
	require.NoError(t, err)
	assertRun(t, stored, got)
}

func testCompletedRunIsImmutable(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	done := complete(t, s, insert(t, s, newRun("r1", "ws-1", "")), oprun.Effects{})

	next := done.Clone()
	next.Outcome = oprun.OutcomeFailed
	_, err := s.CompareAndSwap(ctx, next, done.Status, done.Version, oprun.Effects{})
	assert.ErrorIs(t, err, oprun.ErrRunCompleted)

	got, err := s.Get(ctx, "r1")
	require.NoError(t, err)
	assertRun(t, done, got)
}

func testConcurrentCompareAndSwap(t *testing.T, s oprun.Store) {
	stored := insert(t, s, newRun("r1", "ws-1", ""))
	const n = 50
	var won atomic.Int32
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			next := stored.Clone()
			next.Status = oprun.StatusRunning
			next.Context = oprun.Context{"worker": int64(i)}
			_, err := s.CompareAndSwap(t.Context(), next, oprun.StatusQueued, 1, oprun.Effects{})
			switch {
			case err == nil:
				won.Add(1)
			default:
				assert.ErrorIs(t, err, oprun.ErrConflict)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(1), won.Load())
	got, err := s.Get(t.Context(), "r1")
	require.NoError(t, err)
	assert.Equal(t, int64(2), got.Version)
}

func testEffectsAreAtomic(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	start := oprun.AuditEntry{RunID: "r1", Event: oprun.EventStarted, To: oprun.StatusQueued, Outcome: oprun.OutcomePending, Actor: "user-1", At: t0()}
	stored, created, err := s.InsertOrGetActive(ctx, newRun("r1", "ws-1", ""), oprun.Effects{Audit: []oprun.AuditEntry{start}})
	require.NoError(t, err)
	require.True(t, created)

	done := oprun.AuditEntry{
		RunID: "r1", Event: oprun.EventCompleted, From: oprun.StatusQueued, To: oprun.StatusCompleted,
		Outcome: oprun.OutcomeSucceeded, Actor: "system:worker", At: t0().Add(time.Hour),
	}
	n := notification("r1")

	// A missed compare-and-set writes no effects.
	next := stored.Clone()
	next.Status, next.Outcome = oprun.StatusCompleted, oprun.OutcomeSucceeded
	_, err = s.CompareAndSwap(ctx, next, oprun.StatusQueued, 9, oprun.Effects{Audit: []oprun.AuditEntry{done}, Notifications: []oprun.Notification{n}})
	require.ErrorIs(t, err, oprun.ErrConflict)
	entries, err := s.ListAudit(ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, []oprun.AuditEntry{start}, entries)
	pending, err := s.PendingNotifications(ctx, t0(), 10)
	require.NoError(t, err)
	assert.Empty(t, pending)

	complete(t, s, stored, oprun.Effects{Audit: []oprun.AuditEntry{done}, Notifications: []oprun.Notification{n}})
	entries, err = s.ListAudit(ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, []oprun.AuditEntry{start, done}, entries)
	pending, err = s.PendingNotifications(ctx, t0(), 10)
	require.NoError(t, err)
	assert.Equal(t, []oprun.Notification{n}, pending)

	// Enqueueing is idempotent by key.
	other := insert(t, s, newRun("r2", "ws-1", ""))
	dupKey := n
	dupKey.RunID = "r2"
	complete(t, s, other, oprun.Effects{Notifications: []oprun.Notification{dupKey}})
	pending, err = s.PendingNotifications(ctx, t0(), 10)
	require.NoError(t, err)
	assert.Equal(t, []oprun.Notification{n}, pending)

	entries, err = s.ListAudit(ctx, "unknown")
	require.NoError(t, err)
	assert.Empty(t, entries)
}

func testIncrementSummary(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	stored := insert(t, s, newRun("r1", "ws-1", ""))
	deltas := []oprun.SummaryDelta{{Key: oprun.SummaryItemsProcessed, Delta: 2}, {Key: oprun.SummaryItemsTotal, Delta: 10}}
	require.NoError(t, s.IncrementSummary(ctx, "r1", deltas, true))
	require.NoError(t, s.IncrementSummary(ctx, "r1", deltas[:1], true))

	got, err := s.Get(ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, map[oprun.SummaryKey]int64{oprun.SummaryItemsProcessed: 4, oprun.SummaryItemsTotal: 10}, got.Summary)
	assert.Equal(t, stored.Version, got.Version, "increments do not change the version")

	done := complete(t, s, got, oprun.Effects{})
	err = s.IncrementSummary(ctx, "r1", deltas, true)
	assert.ErrorIs(t, err, oprun.ErrRunCompleted)
	got, err = s.Get(ctx, "r1")
	require.NoError(t, err)
	assertRun(t, done, got)

	require.NoError(t, s.IncrementSummary(ctx, "r1", deltas[:1], false), "expectActive false allows completed runs")
	got, err = s.Get(ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, int64(6), got.Summary[oprun.SummaryItemsProcessed])

	assert.ErrorIs(t, s.IncrementSummary(ctx, "missing", deltas, true), oprun.ErrNotFound)
}

func testConcurrentIncrements(t *testing.T, s oprun.Store) {
	insert(t, s, newRun("r1", "ws-1", ""))
	const goroutines, increments = 20, 50
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range increments {
				err := s.IncrementSummary(t.Context(), "r1", []oprun.SummaryDelta{
					{Key: oprun.SummaryItemsProcessed, Delta: 1},
					{Key: oprun.SummaryBytesTransferred, Delta: 512},
				}, true)
				if !assert.NoError(t, err) {
					return
				}
			}
		})
	}
	wg.Wait()
	got, err := s.Get(t.Context(), "r1")
	require.NoError(t, err)
	assert.Equal(t, int64(goroutines*increments), got.Summary[oprun.SummaryItemsProcessed])
	assert.Equal(t, int64(goroutines*increments*512), got.Summary[oprun.SummaryBytesTransferred])
}

func testIncrementOverflow(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	insert(t, s, newRun("r1", "ws-1", ""))
	require.NoError(t, s.IncrementSummary(ctx, "r1", []oprun.SummaryDelta{{Key: oprun.SummaryBytesTransferred, Delta: math.MaxInt64 - 1}}, true))
	err := s.IncrementSummary(ctx, "r1", []oprun.SummaryDelta{
		{Key: oprun.SummaryItemsProcessed, Delta: 1},
		{Key: oprun.SummaryBytesTransferred, Delta: 2},
	}, true)
	assert.ErrorIs(t, err, oprun.ErrInvalidDelta)
	got, err := s.Get(ctx, "r1")
	require.NoError(t, err)
	assert.Equal(t, map[oprun.SummaryKey]int64{oprun.SummaryBytesTransferred: math.MaxInt64 - 1}, got.Summary)
}

func testListStale(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	at := func(d time.Duration) time.Time { return t0().Add(d) }

	// Queued, created at t0()+1m: last seen t0()+1m.
	queued := newRun("queued", "ws-1", "")
	queued.CreatedAt = at(time.Minute)
	insert(t, s, queued)

	// Running, heartbeat at t0()+2m.
	old := insert(t, s, newRun("old", "ws-1", ""))
	next := old.Clone()
	next.Status, next.StartedAt, next.HeartbeatAt = oprun.StatusRunning, at(30*time.Second), at(2*time.Minute)
	_, err := s.CompareAndSwap(ctx, next, old.Status, old.Version, oprun.Effects{})
	require.NoError(t, err)

	// Running, heartbeat at t0()+10m: fresh.
	fresh := insert(t, s, newRun("fresh", "ws-1", ""))
	next = fresh.Clone()
	next.Status, next.StartedAt, next.HeartbeatAt = oprun.StatusRunning, at(time.Minute), at(10*time.Minute)
	_, err = s.CompareAndSwap(ctx, next, fresh.Status, fresh.Version, oprun.Effects{})
	require.NoError(t, err)

	// Completed long ago, and a stale run of another type: never listed.
	complete(t, s, insert(t, s, newRun("done", "ws-1", "")), oprun.Effects{})
	other := newRun("other", "ws-1", "")
	other.Type = "backup"
	insert(t, s, other)

	stale, err := s.ListStale(ctx, typeSync, at(5*time.Minute))
	require.NoError(t, err)
	var ids []string
	for _, r := range stale {
		ids = append(ids, r.ID)
	}
	assert.Equal(t, []string{"queued", "old"}, ids, "oldest last sign of life first")

	stale, err = s.ListStale(ctx, typeSync, at(time.Minute))
	require.NoError(t, err)
	assert.Empty(t, stale, "olderThan is exclusive")
}

func testListRuns(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	// Nine runs a minute apart, in two workspaces; r2 and r3 share a
	// creation time, so that the cursor orders by ID too.
	var all []*oprun.Run
	for i := range 9 {
		r := newRun(fmt.Sprintf("r%d", i), "ws-a", "")
		if i%3 == 0 {
			r.Scope.Workspace = "ws-b"
		}
		r.CreatedAt = t0().Add(time.Duration(i) * time.Minute)
		if i == 3 {
			r.CreatedAt = all[2].CreatedAt
		}
		r.HeartbeatAt = time.Time{}
		all = append(all, insert(t, s, r))
	}
	complete(t, s, all[1], oprun.Effects{})
	ids := func(runs []*oprun.Run) []string {
		out := []string{}
		for _, r := range runs {
			out = append(out, r.ID)
		}
		return out
	}
	list := func(f oprun.RunFilter) []string {
		t.Helper()
		if f.Limit == 0 {
			f.Limit = 100
		}
		runs, err := s.ListRuns(ctx, f)
		require.NoError(t, err)
		return ids(runs)
	}
	assert.Equal(t, []string{"r8", "r7", "r6", "r5", "r4", "r3", "r2", "r1", "r0"}, list(oprun.RunFilter{}), "newest first; equal times by ID, descending")
	assert.Equal(t, []string{"r6", "r3", "r0"}, list(oprun.RunFilter{Workspaces: []string{"ws-b"}}))
	assert.Equal(t, []string{"r1"}, list(oprun.RunFilter{Statuses: []oprun.Status{oprun.StatusCompleted}}))
	assert.Equal(t, []string{"r1"}, list(oprun.RunFilter{Outcomes: []oprun.Outcome{oprun.OutcomeSucceeded}}))
	assert.Empty(t, list(oprun.RunFilter{Types: []oprun.OperationType{"other"}}))
	assert.Equal(t, []string{"r5", "r4", "r3", "r2"}, list(oprun.RunFilter{CreatedFrom: all[2].CreatedAt, CreatedBefore: all[6].CreatedAt}), "from inclusive, before exclusive")
	assert.Empty(t, list(oprun.RunFilter{ManagedEnvironments: []string{"env-2"}}))

	// Pages of two, each continuing after the last run of the one before,
	// list every run of ws-a once.
	var paged []string
	f := oprun.RunFilter{Workspaces: []string{"ws-a"}, Limit: 2}
	for range 10 {
		runs, err := s.ListRuns(ctx, f)
		require.NoError(t, err)
		if len(runs) == 0 {
			break
		}
		paged = append(paged, ids(runs)...)
		last := runs[len(runs)-1]
		f.AfterCreated, f.AfterID = last.CreatedAt, last.ID
	}
	assert.Equal(t, []string{"r8", "r7", "r5", "r4", "r2", "r1"}, paged)

	_, err := s.ListRuns(ctx, oprun.RunFilter{})
	assert.Error(t, err, "a listing without a limit")
}

func testPrune(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	completedAt := t0().Add(time.Hour) // see complete
	audit := func(id string) []oprun.AuditEntry {
		return []oprun.AuditEntry{{RunID: id, Event: oprun.EventCompleted, From: oprun.StatusQueued, To: oprun.StatusCompleted, Outcome: oprun.OutcomeSucceeded, Actor: "user-1", At: completedAt}}
	}
	// done: completed, notification delivered; waiting: completed, its
	// notification not delivered; active: queued.
	done := complete(t, s, insert(t, s, newRun("done", "ws-1", "")), oprun.Effects{Audit: audit("done"), Notifications: []oprun.Notification{notification("done")}})
	require.NoError(t, s.MarkNotificationDelivered(ctx, notification("done").IdempotencyKey, completedAt))
	complete(t, s, insert(t, s, newRun("waiting", "ws-1", "")), oprun.Effects{Audit: audit("waiting"), Notifications: []oprun.Notification{notification("waiting")}})
	insert(t, s, newRun("active", "ws-1", ""))

	n, err := s.Prune(ctx, completedAt)
	require.NoError(t, err)
	assert.Equal(t, 0, n, "a run completed at the cutoff stays")

	n, err = s.Prune(ctx, completedAt.Add(time.Second))
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	_, err = s.Get(ctx, done.ID)
	assert.ErrorIs(t, err, oprun.ErrNotFound, "the old completed run is gone")
	entries, err := s.ListAudit(ctx, done.ID)
	require.NoError(t, err)
	assert.Empty(t, entries, "with its audit entries")
	for _, id := range []string{"waiting", "active"} {
		_, err := s.Get(ctx, id)
		assert.NoError(t, err, "run %s stays", id)
	}
	entries, err = s.ListAudit(ctx, "waiting")
	require.NoError(t, err)
	assert.Len(t, entries, 1)
	pending, err := s.PendingNotifications(ctx, completedAt, 10)
	require.NoError(t, err)
	assert.Equal(t, []oprun.Notification{notification("waiting")}, pending, "an undelivered notification keeps its run")
}

func testOutboxFailures(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	r := complete(t, s, insert(t, s, newRun("r1", "ws-1", "")), oprun.Effects{Notifications: []oprun.Notification{notification("r1")}})
	key := notification("r1").IdempotencyKey
	policy := oprun.DeliveryPolicy{MaxAttempts: 3, Backoff: time.Minute, MaxBackoff: 90 * time.Second}
	now := t0().Add(2 * time.Hour)
	pendingAt := func(at time.Time) int {
		t.Helper()
		p, err := s.PendingNotifications(ctx, at, 10)
		require.NoError(t, err)
		return len(p)
	}

	// First failure: pending again after the backoff.
	_, ok, err := s.ClaimNotification(ctx, key, now, now.Add(time.Second))
	require.NoError(t, err)
	require.True(t, ok)
	failures, dead, err := s.FailNotification(ctx, key, now, policy)
	require.NoError(t, err)
	assert.Equal(t, 1, failures)
	assert.False(t, dead)
	assert.Equal(t, 0, pendingAt(now.Add(59*time.Second)), "waiting out the first backoff")
	assert.Equal(t, 1, pendingAt(now.Add(time.Minute)))

	// Second failure: the backoff doubles, capped at MaxBackoff.
	now = now.Add(time.Minute)
	failures, dead, err = s.FailNotification(ctx, key, now, policy)
	require.NoError(t, err)
	assert.Equal(t, 2, failures)
	assert.False(t, dead)
	assert.Equal(t, 0, pendingAt(now.Add(89*time.Second)))
	assert.Equal(t, 1, pendingAt(now.Add(90*time.Second)), "the backoff is capped")

	// The last failure kills it: never pending, never claimed again, and
	// it no longer keeps its run from being pruned.
	failures, dead, err = s.FailNotification(ctx, key, now, policy)
	require.NoError(t, err)
	assert.Equal(t, 3, failures)
	assert.True(t, dead)
	assert.Equal(t, 0, pendingAt(now.Add(24*time.Hour)))
	_, ok, err = s.ClaimNotification(ctx, key, now.Add(24*time.Hour), now.Add(25*time.Hour))
	require.NoError(t, err)
	assert.False(t, ok, "a dead notification is not claimed")
	n, err := s.Prune(ctx, r.CompletedAt.Add(time.Second))
	require.NoError(t, err)
	assert.Equal(t, 1, n)

	_, _, err = s.FailNotification(ctx, "no such key", now, policy)
	assert.ErrorIs(t, err, oprun.ErrNotFound)
}

func testOutbox(t *testing.T, s oprun.Store) {
	ctx := t.Context()
	var keys []string
	for _, id := range []string{"r1", "r2", "r3"} {
		complete(t, s, insert(t, s, newRun(id, "ws-1", "")), oprun.Effects{Notifications: []oprun.Notification{notification(id)}})
		keys = append(keys, notification(id).IdempotencyKey)
	}
	now := t0().Add(time.Hour)
	lease := now.Add(time.Minute)

	pending, err := s.PendingNotifications(ctx, now, 2)
	require.NoError(t, err)
	assert.Equal(t, []oprun.Notification{notification("r1"), notification("r2")}, pending, "oldest first, limited")

	n, ok, err := s.ClaimNotification(ctx, keys[0], now, lease)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, notification("r1"), n)
	_, ok, err = s.ClaimNotification(ctx, keys[0], now.Add(time.Second), lease)
	require.NoError(t, err)
	assert.False(t, ok, "leased")

	pending, err = s.PendingNotifications(ctx, now, 10)
	require.NoError(t, err)
	assert.Equal(t, []oprun.Notification{notification("r2"), notification("r3")}, pending, "a leased notification is not pending")

	// After the lease expires the notification is pending again.
	pending, err = s.PendingNotifications(ctx, lease, 10)
	require.NoError(t, err)
	assert.Len(t, pending, 3)
	_, ok, err = s.ClaimNotification(ctx, keys[0], lease, lease.Add(time.Minute))
	require.NoError(t, err)
	assert.True(t, ok, "an expired lease can be claimed")

	require.NoError(t, s.MarkNotificationDelivered(ctx, keys[0], lease))
	_, ok, err = s.ClaimNotification(ctx, keys[0], lease.Add(time.Hour), lease.Add(2*time.Hour))
	require.NoError(t, err)
	assert.False(t, ok, "delivered")
	pending, err = s.PendingNotifications(ctx, lease.Add(time.Hour), 10)
	require.NoError(t, err)
	assert.Equal(t, []oprun.Notification{notification("r2"), notification("r3")}, pending)

	_, _, err = s.ClaimNotification(ctx, "missing", now, lease)
	assert.ErrorIs(t, err, oprun.ErrNotFound)
	assert.ErrorIs(t, s.MarkNotificationDelivered(ctx, "missing", now), oprun.ErrNotFound)
}

func testConcurrentClaims(t *testing.T, s oprun.Store) {
	complete(t, s, insert(t, s, newRun("r1", "ws-1", "")), oprun.Effects{Notifications: []oprun.Notification{notification("r1")}})
	key := notification("r1").IdempotencyKey
	now := t0().Add(time.Hour)
	var claimed atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			_, ok, err := s.ClaimNotification(t.Context(), key, now, now.Add(time.Minute))
			assert.NoError(t, err)
			if ok {
				claimed.Add(1)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(1), claimed.Load())
}

func testCancelledContext(t *testing.T, s oprun.Store) {
	stored := insert(t, s, newRun("r1", "ws-1", ""))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	_, _, err := s.InsertOrGetActive(ctx, newRun("r2", "ws-1", ""), oprun.Effects{})
	assert.ErrorIs(t, err, context.Canceled, "InsertOrGetActive")
	_, err = s.Get(ctx, "r1")
	assert.ErrorIs(t, err, context.Canceled, "Get")
	_, err = s.GetRetry(ctx, "r1")
	assert.ErrorIs(t, err, context.Canceled, "GetRetry")
	_, err = s.CompareAndSwap(ctx, stored, stored.Status, stored.Version, oprun.Effects{})
	assert.ErrorIs(t, err, context.Canceled, "CompareAndSwap")
	err = s.IncrementSummary(ctx, "r1", []oprun.SummaryDelta{{Key: oprun.SummaryItemsTotal, Delta: 1}}, true)
	assert.ErrorIs(t, err, context.Canceled, "IncrementSummary")
	_, err = s.ListStale(ctx, typeSync, t0())
	assert.ErrorIs(t, err, context.Canceled, "ListStale")
	_, err = s.ListAudit(ctx, "r1")
	assert.ErrorIs(t, err, context.Canceled, "ListAudit")
	_, err = s.PendingNotifications(ctx, t0(), 1)
	assert.ErrorIs(t, err, context.Canceled, "PendingNotifications")
	_, _, err = s.ClaimNotification(ctx, "k", t0(), t0())
	assert.ErrorIs(t, err, context.Canceled, "ClaimNotification")
	assert.ErrorIs(t, s.MarkNotificationDelivered(ctx, "k", t0()), context.Canceled, "MarkNotificationDelivered")

	got, err := s.Get(t.Context(), "r1")
	require.NoError(t, err)
	assertRun(t, stored, got)
}
