// Package storecheck holds the checks of durable oprun stores that go
// beyond the conformance suite of package storetest: a worker process
// killed mid-run, many workers racing on shared identities, and a
// benchmark of transitions per second. Each store's tests call them.
package storecheck

import (
	"context"
	"fmt"
	"maps"
	"sync"
	"time"

	"github.com/runtruth/runtruth/oprun"
)

// Operation types of the checks.
const (
	// TypeSync goes stale after StaleAfter of the catalog it is in.
	TypeSync oprun.OperationType = "sync"
	// TypeBackup goes stale after an hour.
	TypeBackup oprun.OperationType = "backup"
)

// Workspace is the workspace of every run the checks start.
const Workspace = "ws-1"

// newCatalog returns a catalog in which sync runs go stale after
// syncStale.
func newCatalog(syncStale time.Duration) (*oprun.Catalog, error) {
	c, err := oprun.NewCatalog(
		oprun.OperationSpec{Type: TypeSync, StaleAfter: syncStale, Retryable: true, MaxAttempts: 3},
		oprun.OperationSpec{Type: TypeBackup, StaleAfter: time.Hour},
	)
	if err != nil {
		return nil, fmt.Errorf("storecheck: catalog: %w", err)
	}
	return c, nil
}

// scope returns a complete scope for a run on target.
func scope(target string) oprun.Scope {
	return oprun.Scope{
		Workspace:          Workspace,
		ManagedEnvironment: "env-1",
		TargetScope:        target,
		Initiator:          "user-1",
	}
}

// operator is an operator of Workspace.
func operator() oprun.Actor {
	return oprun.Actor{ID: "operator-1", Workspaces: []string{Workspace}, Operator: true}
}

// receiver is a Notifier that counts deliveries by idempotency key, as a
// receiver that drops repeats would see them.
type receiver struct {
	mu   sync.Mutex
	seen map[string]int
}

func newReceiver() *receiver {
	return &receiver{seen: make(map[string]int)}
}

// Notify implements oprun.Notifier.
func (r *receiver) Notify(_ context.Context, n oprun.Notification) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seen[n.IdempotencyKey]++
	return nil
}

// deliveries returns how often each key was delivered.
func (r *receiver) deliveries() map[string]int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.seen)
}

// skewClock is the system clock moved forward by a settable amount.
type skewClock struct {
	mu   sync.Mutex
	skew time.Duration
}

// Now implements oprun.Clock.
func (c *skewClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.skew)
}

func (c *skewClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.skew += d
}
