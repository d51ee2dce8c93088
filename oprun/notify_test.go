package oprun_test

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

func TestNotificationOnCompletion(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	r := f.running(t, typeSync, true)
	_, err := f.svc.Fail(ctx, r.ID, oprun.ReasonFrom(&oprun.ProviderError{
		Provider: "graph", StatusCode: 429, Code: "TooManyRequests", RequestID: "req-7",
		Body: []byte(`{"error":{"message":"token eyJhbGciOiJIUzI1NiJ9 rejected"}}`),
	}))
	require.NoError(t, err)

	assert.Equal(t, []oprun.Notification{{
		RunID:          r.ID,
		Workspace:      "ws-1",
		Type:           typeSync,
		Outcome:        oprun.OutcomeFailed,
		ReasonCode:     oprun.ReasonProviderThrottled,
		Message:        "graph returned HTTP 429 (TooManyRequests), request id req-7",
		Link:           oprun.RunLink(linkBase, r.ID),
		IdempotencyKey: r.ID + ":completed",
	}}, f.notifier.Sent())

	n, err := f.svc.DeliverPending(ctx)
	require.NoError(t, err)
	assert.Zero(t, n, "nothing left in the outbox")
	assert.Len(t, f.notifier.Sent(), 1)
}

func TestNotificationOnlyWhenOptedIn(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	r := f.running(t, typeSync, false)
	_, err := f.svc.Complete(ctx, r.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	require.NoError(t, err)
	q := f.start(t, typeSync, "", false)
	_, err = f.svc.Cancel(ctx, operator(), q.ID)
	require.NoError(t, err)

	assert.Empty(t, f.notifier.Sent())
	pending, err := f.store.PendingNotifications(ctx, f.clock.Now().Add(time.Hour), 10)
	require.NoError(t, err)
	assert.Empty(t, pending, "nothing was enqueued")
}

func TestNotificationExactlyOnce(t *testing.T) {
	f := newFixture(t)
	ctx := t.Context()
	r := f.running(t, typeSync, true)

	// Many workers race to complete the run, and the outbox is drained at
	// the same time.
	var wg sync.WaitGroup
	var mu sync.Mutex
	completed := 0
	for range 20 {
		wg.Go(func() {
			_, err := f.svc.Complete(ctx, r.ID, oprun.OutcomeSucceeded, oprun.Reason{})
			if err == nil {
				mu.Lock()
				completed++
				mu.Unlock()
				return
			}
			assert.ErrorIs(t, err, oprun.ErrRunCompleted)
		})
		wg.Go(func() {
			_, err := f.svc.DeliverPending(ctx)
			assert.NoError(t, err)
		})
	}
	wg.Wait()
	assert.Equal(t, 1, completed)
	assert.Len(t, f.notifier.Sent(), 1)

	f.clock.Advance(time.Hour)
	n, err := f.svc.DeliverPending(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Len(t, f.notifier.Sent(), 1)
}

func TestFailedDeliveryKeepsTransition(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	f := newFixture(t, oprun.WithLogger(logger), oprun.WithDeliveryLease(time.Minute))
	ctx := t.Context()
	r := f.running(t, typeSync, true)

	f.notifier.SetFailing(true)
	got, err := f.svc.Complete(ctx, r.ID, oprun.OutcomeSucceeded, oprun.Reason{})
	require.NoError(t, err, "a failed delivery is not the caller's error")
	assert.Equal(t, oprun.StatusCompleted, got.Status)
	assert.Equal(t, oprun.OutcomeSucceeded, f.get(t, r.ID).Outcome)
	assert.Empty(t, f.notifier.Sent())
	assert.Contains(t, logs.String(), "run notification not delivered")
	assert.Contains(t, logs.String(), r.ID)

	// Redelivery waits for the lease of the failed attempt.
	f.notifier.SetFailing(false)
	n, err := f.svc.DeliverPending(ctx)
	require.NoError(t, err)
	assert.Zero(t, n)

	f.clock.Advance(2 * time.Minute)
	f.notifier.SetFailing(true)
	n, err = f.svc.DeliverPending(ctx)
	assert.ErrorIs(t, err, errDeliveryFailed, "DeliverPending reports failures")
	assert.Zero(t, n)

	f.clock.Advance(2 * time.Minute)
	f.notifier.SetFailing(false)
	n, err = f.svc.DeliverPending(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	require.Len(t, f.notifier.Sent(), 1)
	assert.Equal(t, r.ID, f.notifier.Sent()[0].RunID)

	assert.Equal(t, oprun.OutcomeSucceeded, f.get(t, r.ID).Outcome, "still completed")
}

func TestDeliverPendingWithoutNotifier(t *testing.T) {
	svc, err := oprun.NewService(oprun.NewMemoryStore(), testCatalog(t))
	require.NoError(t, err)
	_, err = svc.DeliverPending(t.Context())
	assert.ErrorIs(t, err, oprun.ErrNoNotifier)
}

func TestNotifierFunc(t *testing.T) {
	var got oprun.Notification
	n := oprun.NotifierFunc(func(_ context.Context, n oprun.Notification) error {
		got = n
		return nil
	})
	f := newFixture(t, oprun.WithNotifier(n), oprun.WithLinkBase(""))
	r := f.running(t, typeReport, true)
	_, err := f.svc.Complete(t.Context(), r.ID, oprun.OutcomePartiallySucceeded, oprun.Reason{Message: "3 of 4 mailboxes"})
	require.NoError(t, err)
	assert.Equal(t, oprun.RunLink("", r.ID), got.Link, "relative link without a base")
	assert.Equal(t, "3 of 4 mailboxes", got.Message)
	assert.Equal(t, oprun.OutcomePartiallySucceeded, got.Outcome)
}

func TestRunLink(t *testing.T) {
	const base = "https://app.example.com"
	assert.Equal(t, oprun.RunLink(base, "abc"), oprun.RunLink(base+"/", "abc"))
	assert.Equal(t, oprun.RunLink("", "a b/c")[len(oprun.RunLink("", "")):], "a%20b%2Fc")
	assert.Regexp(t, `^https://app\.example\.com/[a-z/]+/abc$`, oprun.RunLink(base, "abc"))
}
