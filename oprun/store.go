package oprun

import (
	"context"
	"time"
)

// AuditEvent names what happened to a run in an [AuditEntry].
type AuditEvent string

// The audit events.
const (
	// EventStarted: the run was queued (From is empty).
	EventStarted AuditEvent = "started"
	// EventRetried: the run was queued as a retry of its parent (From is empty).
	EventRetried AuditEvent = "retried"
	// EventRunning: a worker started the run.
	EventRunning AuditEvent = "running"
	// EventCancelRequested: an operator asked the running run to stop.
	EventCancelRequested AuditEvent = "cancel_requested"
	// EventCompleted: the run completed; Outcome says how.
	EventCompleted AuditEvent = "completed"
)

// Actor IDs recorded in audit entries for changes made by the system.
const (
	// WorkerActorID records a change made by the worker executing the run.
	WorkerActorID = "system:worker"
	// ReconcilerActorID records a change made by [Service.ReconcileStale].
	ReconcilerActorID = "system:reconciler"
)

// AuditEntry records one transition of a run.
type AuditEntry struct {
	RunID      string     `json:"run_id"`
	Event      AuditEvent `json:"event"`
	From       Status     `json:"from,omitempty"`
	To         Status     `json:"to"`
	Outcome    Outcome    `json:"outcome"`
	Actor      string     `json:"actor"`
	ReasonCode ReasonCode `json:"reason_code,omitempty"`
	At         time.Time  `json:"at"`
}

// Effects are written in the same atomic step as a run: the audit entries
// of the change and the notifications it puts in the outbox. A SQL store
// writes them in the transaction that writes the run (a transactional
// outbox), so that a transition is never recorded without its audit entry
// or its notification, nor the other way round.
type Effects struct {
	Audit         []AuditEntry
	Notifications []Notification
}

// Store keeps runs, their audit trail and the notification outbox. The
// [Service] is its only writer. A Store must be safe for concurrent use by
// several Services, in several processes for a shared database, and must
// follow the contract below; [storetest.Run] checks it.
//
// Runs are values: a Store never keeps a *Run it was given nor hands out
// one it keeps; every result is a fresh copy the caller may modify.
//
// Context: every method returns an error wrapping ctx.Err() when ctx is
// done before it starts.
//
// Errors: a missing run is reported with an error wrapping [ErrNotFound];
// a compare-and-set that misses with one wrapping [ErrConflict]. Errors of
// the underlying database are returned wrapped, never hidden.
//
// [storetest.Run]: https://pkg.go.dev/github.com/runtruth/runtruth/oprun/storetest#Run
type Store interface {
	// InsertOrGetActive atomically either finds the active run (status
	// queued or running) with run's Scope.Workspace, Type and non-empty
	// Identity and returns it with created false, or inserts run with
	// Version 1, writes effects, and returns the stored run with created
	// true. Effects are not written when no run is inserted. A run with an
	// empty Identity is never deduplicated.
	//
	// At most one run per (workspace, type, identity) is ever active, however
	// many callers race: in SQL, a unique index on (workspace, type,
	// identity) where status is active and identity is not empty, with the
	// insert retried as a select on a unique violation.
	//
	// An existing ID is reported with [ErrDuplicate]. A run with a ParentID
	// is a retry; a parent has at most one retry, and a second one is
	// reported with [ErrAlreadyRetried] (in SQL, a unique index on
	// parent_id where it is not empty).
	InsertOrGetActive(ctx context.Context, run *Run, effects Effects) (stored *Run, created bool, err error)

	// Get returns the run with the given ID.
	Get(ctx context.Context, id string) (*Run, error)

	// GetRetry returns the retry of the run with ID parentID, or an error
	// wrapping ErrNotFound when it has none.
	GetRetry(ctx context.Context, parentID string) (*Run, error)

	// Prune deletes the runs completed before cutoff, with their audit
	// entries and delivered notifications, and returns how many runs it
	// deleted. A run whose notification is not delivered yet stays.
	Prune(ctx context.Context, cutoff time.Time) (int, error)

	// ListRuns returns the runs that filter selects, newest first (by
	// creation time, then ID, both descending), at most filter.Limit.
	ListRuns(ctx context.Context, filter RunFilter) ([]*Run, error)

	// CompareAndSwap replaces the run with ID run.ID if, and only if, its
	// stored Status is expectStatus and its stored Version is
	// expectVersion; otherwise it changes nothing and returns an error
	// wrapping ErrConflict (ErrNotFound if there is no such run). A
	// completed run is never replaced: for it CompareAndSwap returns an
	// error wrapping ErrRunCompleted, whatever the expectations.
	//
	// On success it stores the mutable fields of run (Status, Outcome,
	// Context, Reason, CancelRequested, StartedAt, HeartbeatAt,
	// CompletedAt), sets Version to expectVersion+1, writes effects in the
	// same atomic step, and returns the stored run. The other fields,
	// Summary included, keep their stored values: summary counts change
	// only through IncrementSummary. When the new Status is completed the
	// run's identity is free for a new active run.
	//
	// In SQL: UPDATE … SET … , version = version + 1 WHERE id = $1 AND
	// status = $2 AND version = $3, one row affected, in a transaction
	// with the audit and outbox inserts.
	CompareAndSwap(ctx context.Context, run *Run, expectStatus Status, expectVersion int64, effects Effects) (*Run, error)

	// IncrementSummary adds every delta to the run's summary counts,
	// atomically: concurrent increments are never lost, and either all
	// deltas apply or none does. When expectActive is true and the run is
	// completed, nothing changes and the error wraps ErrRunCompleted; the
	// check and the increment are one atomic step with respect to
	// CompareAndSwap. A count that would overflow int64 is reported with
	// ErrInvalidDelta. IncrementSummary does not change the run's Version.
	IncrementSummary(ctx context.Context, id string, deltas []SummaryDelta, expectActive bool) error

	// ListStale returns the active runs of type typ whose last sign of
	// life ([Run.LastSeen]: HeartbeatAt, or CreatedAt when there has been
	// no heartbeat) is before olderThan, oldest first.
	ListStale(ctx context.Context, typ OperationType, olderThan time.Time) ([]*Run, error)

	// ListAudit returns the audit entries of a run in the order they were
	// written; none for an unknown run.
	ListAudit(ctx context.Context, runID string) ([]AuditEntry, error)

	// PendingNotifications returns up to limit notifications of the
	// outbox that are not delivered and not leased at now, oldest first;
	// a limit of zero or less means no limit.
	// Enqueueing (through Effects) is idempotent by IdempotencyKey: a
	// second notification with the same key is dropped.
	PendingNotifications(ctx context.Context, now time.Time, limit int) ([]Notification, error)

	// ClaimNotification leases the notification with the given key until
	// the time until, if it is not delivered and not leased at now, and
	// returns it with true. Otherwise it returns false: someone else is
	// delivering it, or it has been delivered. An unknown key is reported
	// with ErrNotFound. Claims are atomic: of concurrent claims at most
	// one succeeds.
	ClaimNotification(ctx context.Context, key string, now, until time.Time) (Notification, bool, error)

	// FailNotification records a failed delivery of the notification with
	// the given key at now, and returns how many deliveries have failed.
	// When that many reach policy.MaxAttempts, the notification is dead
	// (the dead-letter state) and never pending again; otherwise it is
	// pending again after policy's backoff. An unknown key is reported
	// with ErrNotFound.
	FailNotification(ctx context.Context, key string, now time.Time, policy DeliveryPolicy) (failures int, dead bool, err error)

	// MarkNotificationDelivered records that the notification with the
	// given key was delivered at the given time; it is never pending
	// again. An unknown key is reported with ErrNotFound.
	MarkNotificationDelivered(ctx context.Context, key string, at time.Time) error
}

// RunFilter selects runs for [Store.ListRuns]. An empty list or zero time
// selects everything.
type RunFilter struct {
	// Workspaces and ManagedEnvironments narrow the runs to these scopes.
	// The Service always sets Workspaces from the reader's authorization:
	// a store never lists the runs of every workspace for a reader.
	Workspaces          []string
	ManagedEnvironments []string
	Types               []OperationType
	Statuses            []Status
	Outcomes            []Outcome
	// CreatedFrom and CreatedBefore bound the creation time: From
	// inclusive, Before exclusive.
	CreatedFrom, CreatedBefore time.Time
	// After, when AfterID is set, continues a listing: only runs after
	// the run created at AfterCreated with ID AfterID, in the listing's
	// order (older, or as old with a smaller ID).
	AfterCreated time.Time
	AfterID      string
	// Limit is the most runs to return; it must be positive.
	Limit int
}

// Match reports whether r is one of the runs f selects, the cursor and
// limit aside.
func (f RunFilter) Match(r *Run) bool {
	in := func(n int, has func(int) bool) bool {
		if n == 0 {
			return true
		}
		for i := range n {
			if has(i) {
				return true
			}
		}
		return false
	}
	return in(len(f.Workspaces), func(i int) bool { return f.Workspaces[i] == r.Scope.Workspace }) &&
		in(len(f.ManagedEnvironments), func(i int) bool { return f.ManagedEnvironments[i] == r.Scope.ManagedEnvironment }) &&
		in(len(f.Types), func(i int) bool { return f.Types[i] == r.Type }) &&
		in(len(f.Statuses), func(i int) bool { return f.Statuses[i] == r.Status }) &&
		in(len(f.Outcomes), func(i int) bool { return f.Outcomes[i] == r.Outcome }) &&
		(f.CreatedFrom.IsZero() || !r.CreatedAt.Before(f.CreatedFrom)) &&
		(f.CreatedBefore.IsZero() || r.CreatedAt.Before(f.CreatedBefore)) &&
		(f.AfterID == "" || r.CreatedAt.Before(f.AfterCreated) || r.CreatedAt.Equal(f.AfterCreated) && r.ID < f.AfterID)
}

// DeliveryPolicy says how often and when a failed notification is
// delivered again.
type DeliveryPolicy struct {
	// MaxAttempts is how many failed deliveries make a notification dead.
	MaxAttempts int
	// Backoff is the wait after the first failure; it doubles with each
	// failure after it, up to MaxBackoff.
	Backoff, MaxBackoff time.Duration
}

// DefaultDeliveryPolicy: ten attempts, from 10 seconds to an hour apart.
var DefaultDeliveryPolicy = DeliveryPolicy{MaxAttempts: 10, Backoff: 10 * time.Second, MaxBackoff: time.Hour}

// Delay returns the wait after the given number of failed deliveries.
func (p DeliveryPolicy) Delay(failures int) time.Duration {
	d := p.Backoff
	for i := 1; i < failures && d < p.MaxBackoff; i++ {
		d *= 2
	}
	return min(d, p.MaxBackoff)
}
