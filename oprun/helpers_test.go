package oprun_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/runtruth/runtruth/oprun"
)

const (
	typeSync   oprun.OperationType = "sync"   // retryable, 3 attempts, stale after 5m
	typeReport oprun.OperationType = "report" // not retryable, stale after 1m

	linkBase = "https://app.example.com"
)

// fakeClock is a Clock that moves only when told to.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// sequentialIDs returns a generator of the IDs run-1, run-2, …
func sequentialIDs() func() string {
	var n atomic.Int64
	return func() string { return fmt.Sprintf("run-%d", n.Add(1)) }
}

// recordingNotifier records delivered notifications; while failing is set
// it refuses them.
type recordingNotifier struct {
	mu      sync.Mutex
	sent    []oprun.Notification
	failing bool
}

var errDeliveryFailed = errors.New("smtp: 451 temporary failure")

func (n *recordingNotifier) Notify(_ context.Context, note oprun.Notification) error {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.failing {
		return errDeliveryFailed
	}
	n.sent = append(n.sent, note)
	return nil
}

func (n *recordingNotifier) Sent() []oprun.Notification {
	n.mu.Lock()
	defer n.mu.Unlock()
	return append([]oprun.Notification(nil), n.sent...)
}

func (n *recordingNotifier) SetFailing(f bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.failing = f
}

func testCatalog(t testing.TB) *oprun.Catalog {
	t.Helper()
	c, err := oprun.NewCatalog(
		oprun.OperationSpec{Type: typeSync, StaleAfter: 5 * time.Minute, Retryable: true, MaxAttempts: 3},
		oprun.OperationSpec{Type: typeReport, StaleAfter: time.Minute},
	)
	require.NoError(t, err)
	return c
}

// fixture is a Service over a memory store, with a fake clock, sequential
// IDs and a recording notifier.
type fixture struct {
	svc      *oprun.Service
	store    oprun.Store
	clock    *fakeClock
	notifier *recordingNotifier
}

func newFixture(t testing.TB, opts ...oprun.Option) *fixture {
	t.Helper()
	return newFixtureWithStore(t, oprun.NewMemoryStore(), opts...)
}

func newFixtureWithStore(t testing.TB, store oprun.Store, opts ...oprun.Option) *fixture {
	t.Helper()
	f := &fixture{store: store, clock: newFakeClock(), notifier: &recordingNotifier{}}
	all := append([]oprun.Option{
		oprun.WithClock(f.clock),
		oprun.WithIDGenerator(sequentialIDs()),
		oprun.WithNotifier(f.notifier),
		oprun.WithLinkBase(linkBase),
	}, opts...)
	svc, err := oprun.NewService(store, testCatalog(t), all...)
	require.NoError(t, err)
	f.svc = svc
	return f
}

func scope(workspace string) oprun.Scope {
	return oprun.Scope{
		Workspace:          workspace,
		ManagedEnvironment: "tenant-contoso",
		TargetScope:        "mailbox:alice",
		Initiator:          "user-alice",
	}
}

// operator may see and act on runs of ws-1.
func operator() oprun.Actor {
	return oprun.Actor{ID: "op-1", Workspaces: []string{"ws-1"}, Operator: true}
}

// viewer may see runs of ws-1 but not act on them.
func viewer() oprun.Actor {
	return oprun.Actor{ID: "viewer-1", Workspaces: []string{"ws-1"}}
}

// stranger is an operator of ws-2 only.
func stranger() oprun.Actor {
	return oprun.Actor{ID: "op-2", Workspaces: []string{"ws-2"}, Operator: true}
}

// start starts a run of typ in ws-1 and returns it.
func (f *fixture) start(t testing.TB, typ oprun.OperationType, identity string, notify bool) *oprun.Run {
	t.Helper()
	r, created, err := f.svc.Start(t.Context(), oprun.StartRequest{
		Type:     typ,
		Scope:    scope("ws-1"),
		Identity: identity,
		Notify:   notify,
	})
	require.NoError(t, err)
	require.True(t, created)
	return r
}

// running starts a run and marks it running.
func (f *fixture) running(t testing.TB, typ oprun.OperationType, notify bool) *oprun.Run {
	t.Helper()
	r := f.start(t, typ, "", notify)
	r, err := f.svc.MarkRunning(t.Context(), r.ID)
	require.NoError(t, err)
	return r
}

// get reads a run as the operator.
func (f *fixture) get(t testing.TB, id string) *oprun.Run {
	t.Helper()
	r, err := f.svc.Get(t.Context(), operator(), id)
	require.NoError(t, err)
	return r
}

// hookStore wraps a Store and runs a hook after ListStale has read the
// stale runs, to interleave a write deterministically with reconciliation.
type hookStore struct {
	oprun.Store
	afterListStale func(stale []*oprun.Run)
}

func (h *hookStore) ListStale(ctx context.Context, typ oprun.OperationType, olderThan time.Time) ([]*oprun.Run, error) {
	stale, err := h.Store.ListStale(ctx, typ, olderThan)
	if err == nil && h.afterListStale != nil {
		h.afterListStale(stale)
	}
	return stale, err
}
