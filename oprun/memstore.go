package oprun

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"
)

// MemoryStore is an in-memory [Store], safe for concurrent use. It suits
// tests, examples and single-process tools; its data is lost on exit.
type MemoryStore struct {
	mu        sync.Mutex
	runs      map[string]*Run
	active    map[identityKey]string // active runs by identity
	retries   map[string]string      // parent ID → retry ID
	audit     map[string][]AuditEntry
	outbox    map[string]*outboxItem
	outboxSeq int64
}

type identityKey struct {
	workspace string
	typ       OperationType
	identity  string
}

func identityOf(r *Run) (identityKey, bool) {
	return identityKey{r.Scope.Workspace, r.Type, r.Identity}, r.Identity != ""
}

type outboxItem struct {
	seq         int64
	n           Notification
	leasedUntil time.Time
	deliveredAt time.Time
	delivered   bool
	failures    int
	dead        bool
}

var _ Store = (*MemoryStore)(nil)

// NewMemoryStore returns an empty MemoryStore.
func NewMemoryStore() *MemoryStore {
	return &MemoryStore{
		runs:    make(map[string]*Run),
		active:  make(map[identityKey]string),
		retries: make(map[string]string),
		audit:   make(map[string][]AuditEntry),
		outbox:  make(map[string]*outboxItem),
	}
}

func notFound(id string) error { return fmt.Errorf("memory store: run %q: %w", id, ErrNotFound) }

// InsertOrGetActive implements [Store].
func (m *MemoryStore) InsertOrGetActive(ctx context.Context, run *Run, effects Effects) (*Run, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, fmt.Errorf("memory store: insert run: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	key, dedupe := identityOf(run)
	if dedupe {
		if id, ok := m.active[key]; ok {
			return m.runs[id].Clone(), false, nil
		}
	}
	if _, ok := m.runs[run.ID]; ok {
		return nil, false, fmt.Errorf("memory store: run %q: %w", run.ID, ErrDuplicate)
	}
	if run.ParentID != "" {
		if id, ok := m.retries[run.ParentID]; ok {
			return nil, false, fmt.Errorf("memory store: run %q already retried by %q: %w", run.ParentID, id, ErrAlreadyRetried)
		}
		m.retries[run.ParentID] = run.ID
	}
	stored := run.Clone()
	stored.Version = 1
	m.runs[stored.ID] = stored
	if dedupe && stored.Active() {
		m.active[key] = stored.ID
	}
	m.writeEffects(effects)
	return stored.Clone(), true, nil
}

// Get implements [Store].
func (m *MemoryStore) Get(ctx context.Context, id string) (*Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memory store: get run: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.runs[id]
	if !ok {
		return nil, notFound(id)
	}
	return r.Clone(), nil
}

// GetRetry implements [Store].
func (m *MemoryStore) GetRetry(ctx context.Context, parentID string) (*Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memory store: get retry: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	id, ok := m.retries[parentID]
	if !ok {
		return nil, fmt.Errorf("memory store: retry of run %q: %w", parentID, ErrNotFound)
	}
	return m.runs[id].Clone(), nil
}

// CompareAndSwap implements [Store].
func (m *MemoryStore) CompareAndSwap(ctx context.Context, run *Run, expectStatus Status, expectVersion int64, effects Effects) (*Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memory store: update run: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.runs[run.ID]
	switch {
	case !ok:
		return nil, notFound(run.ID)
	case cur.Status == StatusCompleted:
		return nil, fmt.Errorf("memory store: run %q: %w", run.ID, ErrRunCompleted)
	case cur.Status != expectStatus || cur.Version != expectVersion:
		return nil, fmt.Errorf("memory store: run %q is %s at version %d, expected %s at version %d: %w",
			run.ID, cur.Status, cur.Version, expectStatus, expectVersion, ErrConflict)
	}
	cur.Status = run.Status
	cur.Outcome = run.Outcome
	cur.Context = run.Context.Clone()
	cur.Reason = run.Reason
	cur.CancelRequested = run.CancelRequested
	cur.StartedAt = run.StartedAt
	cur.HeartbeatAt = run.HeartbeatAt
	cur.CompletedAt = run.CompletedAt
	cur.Version = expectVersion + 1
	if key, dedupe := identityOf(cur); dedupe && !cur.Active() && m.active[key] == cur.ID {
		delete(m.active, key)
	}
	m.writeEffects(effects)
	return cur.Clone(), nil
}

// IncrementSummary implements [Store].
func (m *MemoryStore) IncrementSummary(ctx context.Context, id string, deltas []SummaryDelta, expectActive bool) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memory store: increment summary: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.runs[id]
	if !ok {
		return notFound(id)
	}
	if expectActive && !r.Active() {
		return fmt.Errorf("memory store: run %q: %w", id, ErrRunCompleted)
	}
	for _, d := range deltas {
		if sum := r.Summary[d.Key]; d.Delta > 0 && sum > math.MaxInt64-d.Delta || d.Delta < 0 && sum < math.MinInt64-d.Delta {
			return fmt.Errorf("memory store: run %q: %s %d + %d overflows: %w", id, d.Key, sum, d.Delta, ErrInvalidDelta)
		}
	}
	if r.Summary == nil {
		r.Summary = make(map[SummaryKey]int64, len(deltas))
	}
	for _, d := range deltas {
		r.Summary[d.Key] += d.Delta
	}
	return nil
}

// ListStale implements [Store].
func (m *MemoryStore) ListStale(ctx context.Context, typ OperationType, olderThan time.Time) ([]*Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memory store: list stale runs: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var stale []*Run
	for _, r := range m.runs {
		if r.Type == typ && r.Active() && r.LastSeen().Before(olderThan) {
			stale = append(stale, r.Clone())
		}
	}
	slices.SortFunc(stale, func(a, b *Run) int {
		return cmp.Or(a.LastSeen().Compare(b.LastSeen()), cmp.Compare(a.ID, b.ID))
	})
	return stale, nil
}

// Prune implements [Store].
func (m *MemoryStore) Prune(ctx context.Context, cutoff time.Time) (int, error) {
	if err := ctx.Err(); err != nil {
		return 0, fmt.Errorf("memory store: prune: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	undelivered := map[string]bool{}
	for _, it := range m.outbox {
		if !it.delivered && !it.dead {
			undelivered[it.n.RunID] = true
		}
	}
	n := 0
	for id, r := range m.runs {
		if r.Status != StatusCompleted || !r.CompletedAt.Before(cutoff) || undelivered[id] {
			continue
		}
		delete(m.runs, id)
		delete(m.audit, id)
		if child, ok := m.retries[r.ParentID]; ok && child == id {
			delete(m.retries, r.ParentID)
		}
		for key, it := range m.outbox {
			if it.n.RunID == id {
				delete(m.outbox, key)
			}
		}
		n++
	}
	return n, nil
}

// ListRuns implements [Store].
func (m *MemoryStore) ListRuns(ctx context.Context, filter RunFilter) ([]*Run, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memory store: list runs: %w", err)
	}
	if filter.Limit <= 0 {
		return nil, fmt.Errorf("memory store: list runs: limit %d is not positive", filter.Limit)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*Run
	for _, r := range m.runs {
		if filter.Match(r) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *Run) int {
		return cmp.Or(b.CreatedAt.Compare(a.CreatedAt), cmp.Compare(b.ID, a.ID))
	})
	out = out[:min(len(out), filter.Limit)]
	for i, r := range out {
		out[i] = r.Clone()
	}
	return out, nil
}

// ListAudit implements [Store].
func (m *MemoryStore) ListAudit(ctx context.Context, runID string) ([]AuditEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memory store: list audit: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.audit[runID]), nil
}

// PendingNotifications implements [Store].
func (m *MemoryStore) PendingNotifications(ctx context.Context, now time.Time, limit int) ([]Notification, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("memory store: list pending notifications: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var items []*outboxItem
	for _, it := range m.outbox {
		if !it.delivered && !it.dead && !it.leasedUntil.After(now) {
			items = append(items, it)
		}
	}
	slices.SortFunc(items, func(a, b *outboxItem) int { return cmp.Compare(a.seq, b.seq) })
	if limit > 0 && len(items) > limit {
		items = items[:limit]
	}
	out := make([]Notification, len(items))
	for i, it := range items {
		out[i] = it.n
	}
	return out, nil
}

// ClaimNotification implements [Store].
func (m *MemoryStore) ClaimNotification(ctx context.Context, key string, now, until time.Time) (Notification, bool, error) {
	if err := ctx.Err(); err != nil {
		return Notification{}, false, fmt.Errorf("memory store: claim notification: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.outbox[key]
	switch {
	case !ok:
		return Notification{}, false, fmt.Errorf("memory store: notification %q: %w", key, ErrNotFound)
	case it.delivered || it.dead || it.leasedUntil.After(now):
		return Notification{}, false, nil
	}
	it.leasedUntil = until
	return it.n, true, nil
}

// MarkNotificationDelivered implements [Store].
func (m *MemoryStore) MarkNotificationDelivered(ctx context.Context, key string, at time.Time) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("memory store: mark notification delivered: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.outbox[key]
	if !ok {
		return fmt.Errorf("memory store: notification %q: %w", key, ErrNotFound)
	}
	it.delivered, it.deliveredAt = true, at
	return nil
}

// FailNotification implements [Store].
func (m *MemoryStore) FailNotification(ctx context.Context, key string, now time.Time, policy DeliveryPolicy) (int, bool, error) {
	if err := ctx.Err(); err != nil {
		return 0, false, fmt.Errorf("memory store: fail notification: %w", err)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	it, ok := m.outbox[key]
	if !ok {
		return 0, false, fmt.Errorf("memory store: notification %q: %w", key, ErrNotFound)
	}
	it.failures++
	if it.failures >= policy.MaxAttempts {
		it.dead = true
	} else {
		it.leasedUntil = now.Add(policy.Delay(it.failures))
	}
	return it.failures, it.dead, nil
}

// writeEffects appends audit entries and enqueues notifications; m.mu is held.
func (m *MemoryStore) writeEffects(e Effects) {
	for _, a := range e.Audit {
		m.audit[a.RunID] = append(m.audit[a.RunID], a)
	}
	for _, n := range e.Notifications {
		if _, dup := m.outbox[n.IdempotencyKey]; dup {
			continue
		}
		m.outboxSeq++
		m.outbox[n.IdempotencyKey] = &outboxItem{seq: m.outboxSeq, n: n}
	}
}
