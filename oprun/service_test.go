package oprun_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

func TestNewServiceValidates(t *testing.T) {
	store, catalog := oprun.NewMemoryStore(), testCatalog(t)
	for name, tc := range map[string]struct {
		store   oprun.Store
		catalog *oprun.Catalog
		opts    []oprun.Option
	}{
		"nil store":            {nil, catalog, nil},
		"nil catalog":          {store, nil, nil},
		"nil clock":            {store, catalog, []oprun.Option{oprun.WithClock(nil)}},
		"nil ID generator":     {store, catalog, []oprun.Option{oprun.WithIDGenerator(nil)}},
		"nil logger":           {store, catalog, []oprun.Option{oprun.WithLogger(nil)}},
		"zero lease":           {store, catalog, []oprun.Option{oprun.WithDeliveryLease(0)}},
		"relative link base":   {store, catalog, []oprun.Option{oprun.WithLinkBase("app.example.com")}},
		"link base with user":  {store, catalog, []oprun.Option{oprun.WithLinkBase("https://u:p@app.example.com")}},
		"link base with query": {store, catalog, []oprun.Option{oprun.WithLinkBase("https://app.example.com?x=1")}},
		"unparsable link base": {store, catalog, []oprun.Option{oprun.WithLinkBase("https://[::1")}},
	} {
		t.Run(name, func(t *testing.T) {
			svc, err := oprun.NewService(tc.store, tc.catalog, tc.opts...)
			assert.Error(t, err)
			assert.Nil(t, svc)
		})
	}
	svc, err := oprun.NewService(store, catalog, oprun.WithLinkBase("https://app.example.com/"))
	require.NoError(t, err)
	assert.NotNil(t, svc)
}

func TestNewCatalogValidates(t *testing.T) {
	for name, spec := range map[string]oprun.OperationSpec{
		"empty type":               {StaleAfter: time.Minute},
		"no stale threshold":       {Type: "x"},
		"negative stale threshold": {Type: "x", StaleAfter: -time.Minute},
		"negative attempts":        {Type: "x", StaleAfter: time.Minute, MaxAttempts: -1},
		"retryable once":           {Type: "x", StaleAfter: time.Minute, Retryable: true, MaxAttempts: 1},
		"retryable unbounded":      {Type: "x", StaleAfter: time.Minute, Retryable: true},
		"not retryable, 3 tries":   {Type: "x", StaleAfter: time.Minute, MaxAttempts: 3},
		"negative queue timeout":   {Type: "x", StaleAfter: time.Minute, QueueTimeout: -time.Minute},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := oprun.NewCatalog(spec)
			assert.ErrorIs(t, err, oprun.ErrInvalidCatalog)
		})
	}
	_, err := oprun.NewCatalog(
		oprun.OperationSpec{Type: "x", StaleAfter: time.Minute},
		oprun.OperationSpec{Type: "x", StaleAfter: time.Hour},
	)
	assert.ErrorIs(t, err, oprun.ErrInvalidCatalog, "duplicate type")

	c := testCatalog(t)
	assert.Equal(t, []oprun.OperationType{typeReport, typeSync}, c.Types())
	spec, ok := c.Lookup(typeReport)
	require.True(t, ok)
	assert.Equal(t, 1, spec.MaxAttempts, "MaxAttempts 0 means 1")
	assert.Equal(t, time.Minute, spec.QueueTimeout, "QueueTimeout 0 means StaleAfter")
	_, ok = c.Lookup("nope")
	assert.False(t, ok)
}

func TestStart(t *testing.T) {
	f := newFixture(t)
	r, created, err := f.svc.Start(t.Context(), oprun.StartRequest{
		Type:     typeSync,
		Scope:    scope("ws-1"),
		Identity: "sync:mailbox:alice",
		Context:  oprun.Context{"mailboxes": 3, "dry_run": true},
		Notify:   true,
	})
	require.NoError(t, err)
	assert.True(t, created)
	assert.Equal(t, &oprun.Run{
		ID:        "run-1",
		Type:      typeSync,
		Scope:     scope("ws-1"),
		Status:    oprun.StatusQueued,
		Outcome:   oprun.OutcomePending,
		Identity:  "sync:mailbox:alice",
		Attempt:   1,
		Context:   oprun.Context{"mailboxes": int64(3), "dry_run": true},
		Notify:    true,
		CreatedAt: f.clock.Now(),
		Version:   1,
	}, r)

	audit, err := f.svc.Audit(t.Context(), operator(), r.ID)
	require.NoError(t, err)
	assert.Equal(t, []oprun.AuditEntry{{
		RunID: r.ID, Event: oprun.EventStarted, To: oprun.StatusQueued, Outcome: oprun.OutcomePending,
		Actor: "user-alice", At: f.clock.Now(),
	}}, audit)
}

func TestStartRejects(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	req := func(mod func(*oprun.StartRequest)) oprun.StartRequest {
		r := oprun.StartRequest{Type: typeSync, Scope: scope("ws-1")}
		mod(&r)
		return r
	}

	_, _, err := f.svc.Start(ctx, req(func(r *oprun.StartRequest) { r.Type = "unregistered" }))
	assert.ErrorIs(t, err, oprun.ErrUnknownOperationType)

	_, _, err = f.svc.Start(ctx, req(func(r *oprun.StartRequest) {
		r.Scope = oprun.Scope{Workspace: "ws-1", TargetScope: " ", Initiator: "u"}
	}))
	var se *oprun.ScopeError
	require.ErrorAs(t, err, &se)
	assert.Equal(t, []string{"ManagedEnvironment", "TargetScope"}, se.Missing)
	assert.ErrorIs(t, err, oprun.ErrInvalidScope)

	_, _, err = f.svc.Start(ctx, req(func(r *oprun.StartRequest) { r.Identity = "sync?token=abc123" }))
	assert.ErrorIs(t, err, oprun.ErrInvalidIdentity)
	_, _, err = f.svc.Start(ctx, req(func(r *oprun.StartRequest) { r.Identity = strings.Repeat("x", oprun.MaxIdentityLen+1) }))
	assert.ErrorIs(t, err, oprun.ErrInvalidIdentity)

	_, _, err = f.svc.Start(ctx, req(func(r *oprun.StartRequest) { r.Context = oprun.Context{"nested": map[string]any{"a": 1}} }))
	var ce *oprun.ContextError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, "nested", ce.Key)

	// A key that holds a credential is refused, and the error does not repeat it.
	for _, key := range []string{"ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789", "AKIAIOSFODNN7EXAMPLE"} {
		_, _, err = f.svc.Start(ctx, req(func(r *oprun.StartRequest) { r.Context = oprun.Context{key: 1, "region": "x"} }))
		require.ErrorAs(t, err, &ce, key)
		assert.ErrorIs(t, err, oprun.ErrInvalidContext)
		assert.NotContains(t, err.Error(), key)
		assert.NotContains(t, ce.Key, key)
	}

	_, err = f.svc.Get(ctx, operator(), "run-1")
	assert.ErrorIs(t, err, oprun.ErrNotFound, "nothing was stored")
}

func TestStartDedupesConcurrently(t *testing.T) {
	f := newFixture(t)
	const n = 100
	var created atomic.Int32
	ids := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r, ok, err := f.svc.Start(t.Context(), oprun.StartRequest{Type: typeSync, Scope: scope("ws-1"), Identity: "sync:alice"})
			if !assert.NoError(t, err) {
				return
			}
			ids[i] = r.ID
			if ok {
				created.Add(1)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(1), created.Load(), "exactly one run is created")
	for _, id := range ids {
		assert.Equal(t, ids[0], id)
	}
	audit, err := f.svc.Audit(t.Context(), operator(), ids[0])
	require.NoError(t, err)
	assert.Len(t, audit, 1)

	// Once it completes, the identity starts a new run.
	_, err = f.svc.Complete(t.Context(), ids[0], oprun.OutcomeCancelled, oprun.Reason{})
	require.NoError(t, err)
	r, ok, err := f.svc.Start(t.Context(), oprun.StartRequest{Type: typeSync, Scope: scope("ws-1"), Identity: "sync:alice"})
	require.NoError(t, err)
	assert.True(t, ok)
	assert.NotEqual(t, ids[0], r.ID)
}

func TestHeartbeat(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	r := f.start(t, typeSync, "", false)
	assert.ErrorIs(t, f.svc.Heartbeat(ctx, r.ID), oprun.ErrNotRunning)

	_, err := f.svc.MarkRunning(ctx, r.ID)
	require.NoError(t, err)
	f.clock.Advance(time.Minute)
	require.NoError(t, f.svc.Heartbeat(ctx, r.ID))
	assert.Equal(t, f.clock.Now(), f.get(t, r.ID).HeartbeatAt)

	_, err = f.svc.Complete(ctx, r.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	require.NoError(t, err)
	assert.ErrorIs(t, f.svc.Heartbeat(ctx, r.ID), oprun.ErrRunCompleted)
	assert.ErrorIs(t, f.svc.Heartbeat(ctx, "missing"), oprun.ErrNotFound)
}

func TestIncrementConcurrently(t *testing.T) {
	f := newFixture(t)
	r := f.running(t, typeSync, false)
	const goroutines, increments = 16, 200
	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range increments {
				if !assert.NoError(t, f.svc.Increment(t.Context(), r.ID, oprun.SummaryItemsProcessed, 1)) {
					return
				}
				err := f.svc.IncrementMany(t.Context(), r.ID, map[oprun.SummaryKey]int64{
					oprun.SummaryItemsSucceeded:   1,
					oprun.SummaryBytesTransferred: 1024,
				})
				if !assert.NoError(t, err) {
					return
				}
			}
		})
	}
	// Heartbeats and context updates race with the increments; none is lost.
	for i := range 20 {
		require.NoError(t, f.svc.Heartbeat(t.Context(), r.ID))
		require.NoError(t, f.svc.UpdateContext(t.Context(), r.ID, oprun.Context{"round": i}))
	}
	wg.Wait()
	got := f.get(t, r.ID)
	assert.Equal(t, map[oprun.SummaryKey]int64{
		oprun.SummaryItemsProcessed:   goroutines * increments,
		oprun.SummaryItemsSucceeded:   goroutines * increments,
		oprun.SummaryBytesTransferred: goroutines * increments * 1024,
	}, got.Summary)
	assert.Equal(t, int64(19), got.Context["round"])
}

func TestIncrementRejects(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	r := f.running(t, typeSync, false)

	assert.ErrorIs(t, f.svc.Increment(ctx, r.ID, "items_totl", 1), oprun.ErrUnregisteredSummaryKey)
	assert.ErrorIs(t, f.svc.Increment(ctx, r.ID, oprun.SummaryItemsTotal, -1), oprun.ErrInvalidDelta)
	err := f.svc.IncrementMany(ctx, r.ID, map[oprun.SummaryKey]int64{oprun.SummaryItemsTotal: 1, "bogus": 1})
	assert.ErrorIs(t, err, oprun.ErrUnregisteredSummaryKey)
	assert.Empty(t, f.get(t, r.ID).Summary, "a rejected IncrementMany applies nothing")
	assert.NoError(t, f.svc.IncrementMany(ctx, r.ID, nil))
	assert.ErrorIs(t, f.svc.Increment(ctx, "missing", oprun.SummaryItemsTotal, 1), oprun.ErrNotFound)

	require.NoError(t, f.svc.Increment(ctx, r.ID, oprun.SummaryItemsTotal, 7))
	_, err = f.svc.Complete(ctx, r.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	require.NoError(t, err)
	assert.ErrorIs(t, f.svc.Increment(ctx, r.ID, oprun.SummaryItemsTotal, 1), oprun.ErrRunCompleted)
	assert.ErrorIs(t, f.svc.IncrementMany(ctx, r.ID, map[oprun.SummaryKey]int64{oprun.SummaryItemsTotal: 1}), oprun.ErrRunCompleted)
	assert.Equal(t, map[oprun.SummaryKey]int64{oprun.SummaryItemsTotal: 7}, f.get(t, r.ID).Summary)
}

func TestSummaryKeysRegistered(t *testing.T) {
	keys := oprun.SummaryKeys()
	assert.Len(t, keys, 8)
	for _, k := range keys {
		assert.True(t, k.Registered(), k)
	}
	assert.False(t, oprun.SummaryKey("items").Registered())
}

func TestUpdateContext(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	r := f.running(t, typeSync, false)

	type region string
	require.NoError(t, f.svc.UpdateContext(ctx, r.ID, oprun.Context{
		"phase":       "copy",
		"region":      region("westeurope"),
		"batch":       uint16(4),
		"ratio":       float32(0.5),
		"dry_run":     false,
		"api_key":     "k-123",
		"last_error":  "GET https://graph.example.com/v1?access_token=abc failed",
		"description": strings.Repeat("x", 1000),
	}))
	got := f.get(t, r.ID).Context
	assert.Equal(t, "copy", got["phase"])
	assert.Equal(t, "westeurope", got["region"])
	assert.Equal(t, int64(4), got["batch"])
	assert.Equal(t, float64(0.5), got["ratio"])
	assert.Equal(t, false, got["dry_run"])
	assert.Equal(t, oprun.Redacted, got["api_key"], "the value of a sensitive key is redacted whatever it is")
	assert.Equal(t, "GET https://graph.example.com/v1?access_token=[REDACTED] failed", got["last_error"])
	assert.LessOrEqual(t, len(got["description"].(string)), oprun.MaxContextValueLen)

	// Merge keeps earlier keys.
	require.NoError(t, f.svc.UpdateContext(ctx, r.ID, oprun.Context{"phase": "verify"}))
	got = f.get(t, r.ID).Context
	assert.Equal(t, "verify", got["phase"])
	assert.Equal(t, "westeurope", got["region"])

	for name, kv := range map[string]oprun.Context{
		"nested map":   {"m": map[string]string{}},
		"slice":        {"s": []int{1}},
		"struct":       {"s": struct{}{}},
		"pointer":      {"p": new(int)},
		"nil":          {"n": nil},
		"NaN":          {"f": math.NaN()},
		"secret value": {"client": oprun.NewSecret("s3cr3t")},
		"bad key":      {"1abc": 1},
		"spaced key":   {"a b": 1},
		"long key":     {strings.Repeat("k", oprun.MaxContextKeyLen+1): 1},
		"token key":    {"ghp_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789": 1},
		"aws key id":   {"AKIAIOSFODNN7EXAMPLE": "x"},
	} {
		t.Run(name, func(t *testing.T) {
			assert.ErrorIs(t, f.svc.UpdateContext(ctx, r.ID, kv), oprun.ErrInvalidContext)
		})
	}

	tooMany := oprun.Context{}
	for i := range oprun.MaxContextEntries {
		tooMany[fmt.Sprintf("k%d", i)] = i
	}
	assert.ErrorIs(t, f.svc.UpdateContext(ctx, r.ID, tooMany), oprun.ErrInvalidContext, "merged context too large")

	_, err := f.svc.Complete(ctx, r.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	require.NoError(t, err)
	assert.ErrorIs(t, f.svc.UpdateContext(ctx, r.ID, oprun.Context{"phase": "late"}), oprun.ErrRunCompleted)
}

func TestCompleteReasons(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()

	r := f.running(t, typeSync, false)
	_, err := f.svc.Complete(ctx, r.ID, oprun.OutcomeFailed, oprun.Reason{Code: "exploded"})
	assert.ErrorIs(t, err, oprun.ErrUnregisteredReason)
	_, err = f.svc.Fail(ctx, r.ID, oprun.Reason{Message: "no code"})
	assert.ErrorIs(t, err, oprun.ErrReasonRequired)
	_, err = f.svc.Block(ctx, r.ID, oprun.Reason{})
	assert.ErrorIs(t, err, oprun.ErrReasonRequired)
	_, err = f.svc.Complete(ctx, r.ID, "done", oprun.Reason{})
	assert.ErrorIs(t, err, oprun.ErrInvalidOutcome)
	assert.Equal(t, oprun.StatusRunning, f.get(t, r.ID).Status, "rejected completions change nothing")

	got, err := f.svc.Fail(ctx, r.ID, oprun.Reason{
		Code:    oprun.ReasonProviderError,
		Message: "upload failed: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl " + strings.Repeat("detail ", 500),
	})
	require.NoError(t, err)
	assert.Equal(t, oprun.OutcomeFailed, got.Outcome)
	assert.True(t, strings.HasPrefix(got.Reason.Message, "upload failed: Authorization: [REDACTED] detail"), got.Reason.Message)
	assert.LessOrEqual(t, len(got.Reason.Message), oprun.MaxMessageLen)
	assert.Equal(t, got.CompletedAt, f.clock.Now())

	r = f.start(t, typeSync, "", false)
	got, err = f.svc.Complete(ctx, r.ID, oprun.OutcomeCancelled, oprun.Reason{})
	require.NoError(t, err)
	assert.Equal(t, oprun.ReasonCancelled, got.Reason.Code, "cancelled defaults to the cancelled reason")

	r = f.start(t, typeSync, "", false)
	got, err = f.svc.Block(ctx, r.ID, oprun.Reason{Code: oprun.ReasonBlockedByPolicy, Message: "backups are paused"})
	require.NoError(t, err)
	assert.Equal(t, oprun.OutcomeBlocked, got.Outcome)
	assert.Equal(t, oprun.StatusCompleted, got.Status)
}

func TestCancel(t *testing.T) {
	ctx := t.Context()

	t.Run("queued run is cancelled at once", func(t *testing.T) {
		f := newFixture(t)
		r := f.start(t, typeSync, "", true)
		got, err := f.svc.Cancel(ctx, operator(), r.ID)
		require.NoError(t, err)
		assert.Equal(t, oprun.StatusCompleted, got.Status)
		assert.Equal(t, oprun.OutcomeCancelled, got.Outcome)
		assert.Equal(t, oprun.ReasonCancelled, got.Reason.Code)
		assert.True(t, got.CancelRequested)
		assert.Len(t, f.notifier.Sent(), 1)

		// The late worker learns the run is gone.
		_, err = f.svc.MarkRunning(ctx, r.ID)
		assert.ErrorIs(t, err, oprun.ErrRunCompleted)
		requested, err := f.svc.CancelRequested(ctx, r.ID)
		require.NoError(t, err)
		assert.True(t, requested)

		audit, err := f.svc.Audit(ctx, operator(), r.ID)
		require.NoError(t, err)
		require.Len(t, audit, 2)
		assert.Equal(t, oprun.AuditEntry{
			RunID: r.ID, Event: oprun.EventCompleted, From: oprun.StatusQueued, To: oprun.StatusCompleted,
			Outcome: oprun.OutcomeCancelled, Actor: "op-1", ReasonCode: oprun.ReasonCancelled, At: f.clock.Now(),
		}, audit[1])
	})

	t.Run("running run is cancelled in two phases", func(t *testing.T) {
		f := newFixture(t)
		r := f.running(t, typeSync, true)
		requested, err := f.svc.CancelRequested(ctx, r.ID)
		require.NoError(t, err)
		assert.False(t, requested)

		got, err := f.svc.Cancel(ctx, operator(), r.ID)
		require.NoError(t, err)
		assert.Equal(t, oprun.StatusRunning, got.Status, "the worker decides when to stop")
		assert.Equal(t, oprun.OutcomePending, got.Outcome)
		assert.True(t, got.CancelRequested)
		assert.Empty(t, f.notifier.Sent(), "no notification before the run completes")

		_, err = f.svc.Cancel(ctx, operator(), r.ID)
		var ae *oprun.ActionError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, oprun.DenialCancelRequested, ae.Denial)
		assert.ErrorIs(t, err, oprun.ErrCancelRequested)

		// The worker honours the request.
		require.NoError(t, f.svc.Heartbeat(ctx, r.ID))
		requested, err = f.svc.CancelRequested(ctx, r.ID)
		require.NoError(t, err)
		require.True(t, requested)
		got, err = f.svc.Complete(ctx, r.ID, oprun.OutcomeCancelled, oprun.Reason{})
		require.NoError(t, err)
		assert.Equal(t, oprun.OutcomeCancelled, got.Outcome)
		assert.Len(t, f.notifier.Sent(), 1)

		audit, err := f.svc.Audit(ctx, operator(), r.ID)
		require.NoError(t, err)
		var events []oprun.AuditEvent
		for _, a := range audit {
			events = append(events, a.Event)
		}
		assert.Equal(t, []oprun.AuditEvent{oprun.EventStarted, oprun.EventRunning, oprun.EventCancelRequested, oprun.EventCompleted}, events)
		assert.Equal(t, "op-1", audit[2].Actor)
		assert.Equal(t, oprun.WorkerActorID, audit[3].Actor)

		_, err = f.svc.Cancel(ctx, operator(), r.ID)
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, oprun.DenialCompleted, ae.Denial)
		assert.ErrorIs(t, err, oprun.ErrRunCompleted)
	})

	t.Run("viewers cannot cancel", func(t *testing.T) {
		f := newFixture(t)
		r := f.start(t, typeSync, "", false)
		_, err := f.svc.Cancel(ctx, viewer(), r.ID)
		assert.ErrorIs(t, err, oprun.ErrForbidden)
		assert.Equal(t, oprun.StatusQueued, f.get(t, r.ID).Status)
	})
}

func TestRetry(t *testing.T) {
	ctx := t.Context()
	failed := func(t *testing.T, f *fixture, typ oprun.OperationType) *oprun.Run {
		r, created, err := f.svc.Start(ctx, oprun.StartRequest{
			Type: typ, Scope: scope("ws-1"), Identity: "sync:alice", Context: oprun.Context{"mailbox": "alice"}, Notify: true,
		})
		require.NoError(t, err)
		require.True(t, created)
		_, err = f.svc.MarkRunning(ctx, r.ID)
		require.NoError(t, err)
		r, err = f.svc.Fail(ctx, r.ID, oprun.Reason{Code: oprun.ReasonProviderThrottled})
		require.NoError(t, err)
		return r
	}
	denial := func(t *testing.T, err error) oprun.Denial {
		t.Helper()
		var ae *oprun.ActionError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, oprun.ActionRetry, ae.Action)
		return ae.Denial
	}

	t.Run("new attempt linked to its parent", func(t *testing.T) {
		f := newFixture(t)
		parent := failed(t, f, typeSync)
		f.clock.Advance(time.Minute)
		child, err := f.svc.Retry(ctx, operator(), parent.ID)
		require.NoError(t, err)
		want := scope("ws-1")
		want.Initiator = "op-1"
		assert.Equal(t, &oprun.Run{
			ID: child.ID, Type: typeSync, Scope: want, Status: oprun.StatusQueued, Outcome: oprun.OutcomePending,
			Identity: "sync:alice", Attempt: 2, ParentID: parent.ID, Context: oprun.Context{"mailbox": "alice"},
			Notify: true, CreatedAt: f.clock.Now(), Version: 1,
		}, child)
		assert.Equal(t, parent, f.get(t, parent.ID), "the parent is immutable")

		audit, err := f.svc.Audit(ctx, operator(), child.ID)
		require.NoError(t, err)
		require.Len(t, audit, 1)
		assert.Equal(t, oprun.EventRetried, audit[0].Event)
		assert.Equal(t, "op-1", audit[0].Actor)

		_, err = f.svc.Retry(ctx, operator(), parent.ID)
		assert.Equal(t, oprun.DenialAlreadyRetried, denial(t, err))
		assert.ErrorIs(t, err, oprun.ErrAlreadyRetried)
	})

	t.Run("within max attempts", func(t *testing.T) {
		f := newFixture(t)
		r := failed(t, f, typeSync)
		for attempt := 2; attempt <= 3; attempt++ {
			child, err := f.svc.Retry(ctx, operator(), r.ID)
			require.NoError(t, err)
			require.Equal(t, attempt, child.Attempt)
			_, err = f.svc.MarkRunning(ctx, child.ID)
			require.NoError(t, err)
			r, err = f.svc.Fail(ctx, child.ID, oprun.Reason{Code: oprun.ReasonTimeout})
			require.NoError(t, err)
		}
		_, err := f.svc.Retry(ctx, operator(), r.ID)
		assert.Equal(t, oprun.DenialMaxAttempts, denial(t, err))
		assert.ErrorIs(t, err, oprun.ErrMaxAttempts)
	})

	t.Run("refused", func(t *testing.T) {
		f := newFixture(t)
		active := f.start(t, typeSync, "", false)
		_, err := f.svc.Retry(ctx, operator(), active.ID)
		assert.Equal(t, oprun.DenialActive, denial(t, err))

		ok := f.running(t, typeSync, false)
		_, err = f.svc.Complete(ctx, ok.ID, oprun.OutcomeSucceeded, oprun.Reason{})
		require.NoError(t, err)
		_, err = f.svc.Retry(ctx, operator(), ok.ID)
		assert.Equal(t, oprun.DenialSucceeded, denial(t, err))
		assert.ErrorIs(t, err, oprun.ErrNotRetryable)

		report := failed(t, f, typeReport)
		_, err = f.svc.Retry(ctx, operator(), report.ID)
		assert.Equal(t, oprun.DenialNotRetryable, denial(t, err))

		parent := failed(t, f, typeSync)
		_, err = f.svc.Retry(ctx, viewer(), parent.ID)
		assert.Equal(t, oprun.DenialNotOperator, denial(t, err))
		assert.ErrorIs(t, err, oprun.ErrForbidden)

		// Another run with the same identity is active meanwhile.
		_, created, err := f.svc.Start(ctx, oprun.StartRequest{Type: typeSync, Scope: scope("ws-1"), Identity: "sync:alice"})
		require.NoError(t, err)
		require.True(t, created)
		_, err = f.svc.Retry(ctx, operator(), parent.ID)
		assert.Equal(t, oprun.DenialActiveIdentity, denial(t, err))
		assert.ErrorIs(t, err, oprun.ErrActiveRun)
	})

	t.Run("concurrent retries create one attempt", func(t *testing.T) {
		f := newFixture(t)
		r := f.running(t, typeSync, false) // no identity: only the parent link deduplicates
		_, err := f.svc.Fail(ctx, r.ID, oprun.Reason{Code: oprun.ReasonTimeout})
		require.NoError(t, err)
		var ok atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				_, err := f.svc.Retry(ctx, operator(), r.ID)
				if err == nil {
					ok.Add(1)
					return
				}
				assert.ErrorIs(t, err, oprun.ErrAlreadyRetried)
			})
		}
		wg.Wait()
		assert.Equal(t, int32(1), ok.Load())
	})
}

func TestActions(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	queued := f.start(t, typeSync, "", false)
	failed := f.running(t, typeSync, false)
	_, err := f.svc.Fail(ctx, failed.ID, oprun.Reason{Code: oprun.ReasonInternal})
	require.NoError(t, err)
	running := f.running(t, typeSync, false)
	_, err = f.svc.Cancel(ctx, operator(), running.ID)
	require.NoError(t, err)

	allow := oprun.Permission{Allowed: true}
	deny := func(d oprun.Denial) oprun.Permission { return oprun.Permission{Denial: d} }
	for _, tc := range []struct {
		name  string
		actor oprun.Actor
		id    string
		want  oprun.Actionability
	}{
		{"queued, operator", operator(), queued.ID, oprun.Actionability{Retry: deny(oprun.DenialActive), Cancel: allow}},
		{"queued, viewer", viewer(), queued.ID, oprun.Actionability{Retry: deny(oprun.DenialNotOperator), Cancel: deny(oprun.DenialNotOperator)}},
		{"failed, operator", operator(), failed.ID, oprun.Actionability{Retry: allow, Cancel: deny(oprun.DenialCompleted)}},
		{"cancel requested, operator", operator(), running.ID, oprun.Actionability{Retry: deny(oprun.DenialActive), Cancel: deny(oprun.DenialCancelRequested)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := f.svc.Actions(ctx, tc.actor, tc.id)
			require.NoError(t, err)
			tc.want.RunID = tc.id
			assert.Equal(t, tc.want, got)
		})
	}

	// Actions agrees with Retry.
	_, err = f.svc.Retry(ctx, operator(), failed.ID)
	require.NoError(t, err)
	got, err := f.svc.Actions(ctx, operator(), failed.ID)
	require.NoError(t, err)
	assert.Equal(t, deny(oprun.DenialAlreadyRetried), got.Retry)

	for _, d := range []oprun.Denial{
		oprun.DenialNotOperator, oprun.DenialCompleted, oprun.DenialCancelRequested, oprun.DenialActive,
		oprun.DenialSucceeded, oprun.DenialNotRetryable, oprun.DenialMaxAttempts, oprun.DenialAlreadyRetried,
		oprun.DenialActiveIdentity,
	} {
		assert.Error(t, d.Err(), d)
	}
	assert.NoError(t, oprun.Denial("").Err())
}

func TestWritesRetryOnConflict(t *testing.T) {
	// Concurrent heartbeats and a completion: every call either succeeds or
	// reports the run completed; the completion always lands.
	f := newFixture(t)
	r := f.running(t, typeSync, true)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				err := f.svc.Heartbeat(t.Context(), r.ID)
				if err != nil {
					assert.ErrorIs(t, err, oprun.ErrRunCompleted)
					return
				}
			}
		})
	}
	_, err := f.svc.Complete(t.Context(), r.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	require.NoError(t, err)
	wg.Wait()
	assert.Equal(t, oprun.OutcomeSucceeded, f.get(t, r.ID).Outcome)
	assert.Len(t, f.notifier.Sent(), 1)
}

func TestErrorsCarryContext(t *testing.T) {
	f := newFixture(t)
	_, err := f.svc.MarkRunning(t.Context(), "missing")
	require.Error(t, err)
	assert.True(t, errors.Is(err, oprun.ErrNotFound))
	assert.Contains(t, err.Error(), `oprun: mark run "missing" running`)
}
