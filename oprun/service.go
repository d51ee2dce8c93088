package oprun

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/url"
	"time"
)

// Clock tells the [Service] the time. Tests inject a fake one.
type Clock interface {
	Now() time.Time
}

// ClockFunc adapts a function to [Clock].
type ClockFunc func() time.Time

// Now calls f.
func (f ClockFunc) Now() time.Time { return f() }

type systemClock struct{}

// Now returns the current time.
func (systemClock) Now() time.Time { return time.Now() }

// Defaults of a [Service].
const (
	// DefaultDeliveryLease is how long a notification is leased to one
	// delivery attempt before another may try again.
	DefaultDeliveryLease = time.Minute
	// casAttempts bounds how often a write is retried after a
	// compare-and-set conflict.
	casAttempts = 10
	// deliverBatch bounds the notifications one DeliverPending call sends.
	deliverBatch = 100
)

// Option configures a [Service].
type Option func(*config)

type config struct {
	clock    Clock
	notifier Notifier
	linkBase string
	newID    func() string
	logger   *slog.Logger
	lease    time.Duration
	delivery DeliveryPolicy
}

// WithClock sets the clock; the default is the system clock.
func WithClock(c Clock) Option { return func(cfg *config) { cfg.clock = c } }

// WithNotifier sets the notifier of completed runs that opted in. Without
// one, notifications stay in the store's outbox.
func WithNotifier(n Notifier) Option { return func(cfg *config) { cfg.notifier = n } }

// WithLinkBase sets the absolute URL that run links start with, for
// example "https://app.example.com". Without it links are relative.
func WithLinkBase(base string) Option { return func(cfg *config) { cfg.linkBase = base } }

// WithIDGenerator sets the generator of run IDs; the default returns 26
// random characters from crypto/rand. Generated IDs must be unique.
func WithIDGenerator(gen func() string) Option { return func(cfg *config) { cfg.newID = gen } }

// WithLogger sets the logger of failures that cannot be returned to the
// caller, such as a notification that could not be delivered after its
// transition; the default is [slog.Default].
func WithLogger(l *slog.Logger) Option { return func(cfg *config) { cfg.logger = l } }

// WithDeliveryLease sets how long a notification is leased to one
// delivery attempt; the default is [DefaultDeliveryLease].
func WithDeliveryLease(d time.Duration) Option { return func(cfg *config) { cfg.lease = d } }

// WithDeliveryPolicy sets how often and when a notification whose delivery
// failed is delivered again, and when it is dead (default
// DefaultDeliveryPolicy).
func WithDeliveryPolicy(p DeliveryPolicy) Option { return func(cfg *config) { cfg.delivery = p } }

// Service owns the lifecycle of runs: it is the only writer of the
// [Store]. Every change goes through the transition table ([CheckTransition])
// and is written with a compare-and-set on the run's status and version,
// together with its audit entry and, for a run that completes and opted in,
// its notification.
//
// Worker methods (Start, MarkRunning, Heartbeat, Increment, IncrementMany,
// UpdateContext, Complete, Fail, Block, CancelRequested) are called by the
// code that executes runs and are not authorized by actor: do not expose
// them to end users. Reads and operator actions (Get, Audit, Actions,
// Cancel, Retry) take an [Actor] and are authorized against the run's scope.
//
// A Service is safe for concurrent use, and several Services may share one
// Store.
type Service struct {
	store    Store
	catalog  *Catalog
	clock    Clock
	notifier Notifier
	linkBase string
	newID    func() string
	logger   *slog.Logger
	lease    time.Duration
	delivery DeliveryPolicy
}

// WithStore returns a Service like s that reads and writes through store:
// the store of a caller's transaction ((*sqlitestore.Store).Tx,
// (*pgstore.Store).Tx), so that a run starts or transitions in the same
// transaction as the domain write that caused it and the job that works it
// (River's InsertTx). It sends no notification itself: a notification of a
// transition in the transaction stays in the outbox, for DeliverPending,
// so that nothing is sent for a transaction that rolls back.
func (s *Service) WithStore(store Store) *Service {
	c := *s
	c.store = store
	c.notifier = nil
	return &c
}

// NewService returns a Service writing to store, for the operation types
// of catalog.
func NewService(store Store, catalog *Catalog, opts ...Option) (*Service, error) {
	cfg := config{
		clock:    systemClock{},
		newID:    rand.Text,
		logger:   slog.Default(),
		lease:    DefaultDeliveryLease,
		delivery: DefaultDeliveryPolicy,
	}
	for _, o := range opts {
		o(&cfg)
	}
	switch {
	case store == nil:
		return nil, errors.New("oprun: new service: nil store")
	case catalog == nil:
		return nil, errors.New("oprun: new service: nil catalog")
	case cfg.clock == nil:
		return nil, errors.New("oprun: new service: nil clock")
	case cfg.newID == nil:
		return nil, errors.New("oprun: new service: nil ID generator")
	case cfg.logger == nil:
		return nil, errors.New("oprun: new service: nil logger")
	case cfg.lease <= 0:
		return nil, errors.New("oprun: new service: delivery lease must be positive")
	case cfg.delivery.MaxAttempts <= 0 || cfg.delivery.Backoff <= 0 || cfg.delivery.MaxBackoff < cfg.delivery.Backoff:
		return nil, errors.New("oprun: new service: delivery policy needs attempts, a positive backoff and a maximum no smaller")
	}
	if cfg.linkBase != "" {
		u, err := url.Parse(cfg.linkBase)
		if err != nil {
			return nil, fmt.Errorf("oprun: new service: link base: %w", err)
		}
		if !u.IsAbs() || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "" {
			return nil, fmt.Errorf("oprun: new service: link base %q must be an absolute URL without credentials, query or fragment", u.Redacted())
		}
	}
	return &Service{
		store:    store,
		catalog:  catalog,
		clock:    cfg.clock,
		notifier: cfg.notifier,
		linkBase: cfg.linkBase,
		newID:    cfg.newID,
		logger:   cfg.logger,
		lease:    cfg.lease,
		delivery: cfg.delivery,
	}, nil
}

// now returns the time in UTC, at the microsecond precision SQL databases keep.
func (s *Service) now() time.Time {
	return s.clock.Now().UTC().Truncate(time.Microsecond)
}

// Start queues a run. While a run with the same workspace, type and
// non-empty identity is active, Start returns that run with created false
// instead, however many callers race. The operation type must be in the
// catalog and the scope complete; the context is checked and redacted as
// by [Service.UpdateContext].
//
//runtruth:sink req
//runtruth:start Run
func (s *Service) Start(ctx context.Context, req StartRequest) (run *Run, created bool, err error) {
	if _, err := s.catalog.spec(req.Type); err != nil {
		return nil, false, fmt.Errorf("oprun: start run: %w", err)
	}
	if err := req.Scope.Validate(); err != nil {
		return nil, false, fmt.Errorf("oprun: start run: %w", err)
	}
	if err := validateIdentity(req.Identity); err != nil {
		return nil, false, fmt.Errorf("oprun: start run: %w", err)
	}
	rc, err := sanitizeContext(req.Context)
	if err != nil {
		return nil, false, fmt.Errorf("oprun: start run: %w", err)
	}
	id := s.newID()
	if id == "" {
		return nil, false, errors.New("oprun: start run: ID generator returned an empty ID")
	}
	now := s.now()
	r := &Run{
		ID:        id,
		Type:      req.Type,
		Scope:     req.Scope,
		Status:    StatusQueued,
		Outcome:   OutcomePending,
		Identity:  req.Identity,
		Attempt:   1,
		Context:   rc,
		Notify:    req.Notify,
		CreatedAt: now,
	}
	audit := auditEntry(r, EventStarted, "", req.Scope.Initiator, now)
	stored, created, err := s.store.InsertOrGetActive(ctx, r, Effects{Audit: []AuditEntry{audit}})
	if err != nil {
		return nil, false, fmt.Errorf("oprun: start run: %w", err)
	}
	return stored, created, nil
}

// MarkRunning moves a queued run to running and records its first
// heartbeat. A run that was cancelled while queued reports an error
// matching [ErrRunCompleted]; its worker should drop it.
func (s *Service) MarkRunning(ctx context.Context, id string) (*Run, error) {
	r, err := s.update(ctx, id, nil, func(r *Run, now time.Time) (Effects, error) {
		if err := CheckTransition(r.Status, StatusRunning, OutcomePending); err != nil {
			return Effects{}, err
		}
		from := r.Status
		r.Status, r.StartedAt, r.HeartbeatAt = StatusRunning, now, now
		return Effects{Audit: []AuditEntry{auditEntry(r, EventRunning, from, WorkerActorID, now)}}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("oprun: mark run %q running: %w", id, err)
	}
	return r, nil
}

// Heartbeat records that the worker of a running run is alive, so that
// [Service.ReconcileStale] leaves the run alone. It reports an error
// matching [ErrRunCompleted] once the run is completed and [ErrNotRunning]
// while it is queued. Workers should check [Service.CancelRequested]
// alongside.
func (s *Service) Heartbeat(ctx context.Context, id string) error {
	_, err := s.update(ctx, id, nil, func(r *Run, now time.Time) (Effects, error) {
		switch r.Status {
		case StatusCompleted:
			return Effects{}, ErrRunCompleted
		case StatusQueued:
			return Effects{}, ErrNotRunning
		}
		r.HeartbeatAt = now
		return Effects{}, nil
	})
	if err != nil {
		return fmt.Errorf("oprun: heartbeat run %q: %w", id, err)
	}
	return nil
}

// Increment adds delta (zero or more) to the run's count for key, a
// registered [SummaryKey], while the run is active. Concurrent increments
// are never lost.
func (s *Service) Increment(ctx context.Context, id string, key SummaryKey, delta int64) error {
	if err := checkDelta(key, delta); err != nil {
		return fmt.Errorf("oprun: increment run %q: %w", id, err)
	}
	if err := s.store.IncrementSummary(ctx, id, []SummaryDelta{{Key: key, Delta: delta}}, true); err != nil {
		return fmt.Errorf("oprun: increment run %q: %w", id, err)
	}
	return nil
}

// IncrementMany adds every count (zero or more, by registered key) to the
// run's summary in one atomic step, while the run is active: either all
// counts apply or none does.
//
//runtruth:summary counts
func (s *Service) IncrementMany(ctx context.Context, id string, counts map[SummaryKey]int64) error {
	deltas, err := summaryDeltas(counts)
	if err != nil {
		return fmt.Errorf("oprun: increment run %q: %w", id, err)
	}
	if len(deltas) == 0 {
		return nil
	}
	if err := s.store.IncrementSummary(ctx, id, deltas, true); err != nil {
		return fmt.Errorf("oprun: increment run %q: %w", id, err)
	}
	return nil
}

// UpdateContext merges kv into the context of an active run. This is the
// only change to a run besides its lifecycle and counts. Keys are short
// identifiers; values are flat scalars (string, bool, integer, float),
// strings are redacted and bounded, the value of a key that names a secret
// ("password", "api_key", …) is replaced by [Redacted], and the merged
// context holds at most [MaxContextEntries] keys. Anything else is
// refused with a [*ContextError].
//
//runtruth:sink kv
func (s *Service) UpdateContext(ctx context.Context, id string, kv Context) error {
	clean, err := sanitizeContext(kv)
	if err != nil {
		return fmt.Errorf("oprun: update context of run %q: %w", id, err)
	}
	if len(clean) == 0 {
		return nil
	}
	_, err = s.update(ctx, id, nil, func(r *Run, _ time.Time) (Effects, error) {
		if !r.Active() {
			return Effects{}, ErrRunCompleted
		}
		merged := make(Context, len(r.Context)+len(clean))
		maps.Copy(merged, r.Context)
		maps.Copy(merged, clean)
		if len(merged) > MaxContextEntries {
			return Effects{}, &ContextError{Problem: fmt.Sprintf("%d entries after the update, at most %d allowed", len(merged), MaxContextEntries)}
		}
		r.Context = merged
		return Effects{}, nil
	})
	if err != nil {
		return fmt.Errorf("oprun: update context of run %q: %w", id, err)
	}
	return nil
}

// Complete completes a run with a terminal outcome. A running run may end
// with any terminal outcome; a queued one only as cancelled or blocked.
// The reason's code must be registered, and is required for failed and
// blocked outcomes (a cancelled run defaults to [ReasonCancelled]); its
// message is redacted and bounded before it is stored. If the run opted
// in, its notification is written with the transition and then delivered;
// a failed delivery is logged, leaves the notification in the outbox for
// [Service.DeliverPending], and never undoes the transition.
//
//runtruth:sink reason
func (s *Service) Complete(ctx context.Context, id string, outcome Outcome, reason Reason) (*Run, error) {
	r, err := s.complete(ctx, id, outcome, reason)
	if err != nil {
		return nil, fmt.Errorf("oprun: complete run %q: %w", id, err)
	}
	return r, nil
}

// Fail completes a running run as failed. See [Service.Complete].
//
//runtruth:sink reason
func (s *Service) Fail(ctx context.Context, id string, reason Reason) (*Run, error) {
	r, err := s.complete(ctx, id, OutcomeFailed, reason)
	if err != nil {
		return nil, fmt.Errorf("oprun: fail run %q: %w", id, err)
	}
	return r, nil
}

// Block completes a queued or running run as blocked, for a policy or
// precondition that keeps it from doing its work. See [Service.Complete].
//
//runtruth:sink reason
func (s *Service) Block(ctx context.Context, id string, reason Reason) (*Run, error) {
	r, err := s.complete(ctx, id, OutcomeBlocked, reason)
	if err != nil {
		return nil, fmt.Errorf("oprun: block run %q: %w", id, err)
	}
	return r, nil
}

func (s *Service) complete(ctx context.Context, id string, outcome Outcome, reason Reason) (*Run, error) {
	if !outcome.Terminal() {
		return nil, fmt.Errorf("%w %q", ErrInvalidOutcome, string(outcome))
	}
	reason, err := cleanReason(outcome, reason)
	if err != nil {
		return nil, err
	}
	r, err := s.update(ctx, id, nil, func(r *Run, now time.Time) (Effects, error) {
		return s.completeRun(r, outcome, reason, WorkerActorID, now)
	})
	if err != nil {
		return nil, err
	}
	s.notifyCompleted(ctx, r)
	return r, nil
}

// cleanReason checks a reason for outcome and redacts its message.
func cleanReason(outcome Outcome, reason Reason) (Reason, error) {
	switch {
	case reason.Code != "" && !reason.Code.Registered():
		return Reason{}, fmt.Errorf("%w %q", ErrUnregisteredReason, string(reason.Code))
	case reason.Code == "" && outcome == OutcomeCancelled:
		reason.Code = ReasonCancelled
	case reason.Code == "" && (outcome == OutcomeFailed || outcome == OutcomeBlocked):
		return Reason{}, fmt.Errorf("%w for outcome %s", ErrReasonRequired, outcome)
	}
	reason.Message = truncate(Redact(reason.Message), MaxMessageLen)
	return reason, nil
}

// completeRun moves r to completed with outcome and reason, and returns
// the effects of the transition: its audit entry and, if r opted in, its
// notification.
func (s *Service) completeRun(r *Run, outcome Outcome, reason Reason, actor string, now time.Time) (Effects, error) {
	if err := CheckTransition(r.Status, StatusCompleted, outcome); err != nil {
		return Effects{}, err
	}
	from := r.Status
	r.Status, r.Outcome, r.Reason, r.CompletedAt = StatusCompleted, outcome, reason, now
	e := Effects{Audit: []AuditEntry{auditEntry(r, EventCompleted, from, actor, now)}}
	if r.Notify {
		e.Notifications = []Notification{newNotification(r, s.linkBase)}
	}
	return e, nil
}

// Cancel is the operator action that stops a run. A queued run is
// completed as cancelled at once. A running run gets a cancel request
// that its worker sees through [Service.CancelRequested] and honours by
// completing the run as cancelled. Cancel reports an [*ActionError] when
// the actor is not an operator, the run is completed or a request is
// already pending, and [ErrNotFound] when the actor may not see the run.
func (s *Service) Cancel(ctx context.Context, actor Actor, id string) (*Run, error) {
	first, err := s.read(ctx, actor, id)
	if err != nil {
		return nil, fmt.Errorf("oprun: cancel run %q: %w", id, err)
	}
	reason := Reason{Code: ReasonCancelled, Message: "cancelled by an operator"}
	r, err := s.update(ctx, id, first, func(r *Run, now time.Time) (Effects, error) {
		if p := cancelPermission(actor, r); !p.Allowed {
			return Effects{}, &ActionError{Action: ActionCancel, RunID: r.ID, Denial: p.Denial}
		}
		r.CancelRequested = true
		if r.Status == StatusQueued {
			return s.completeRun(r, OutcomeCancelled, reason, actor.ID, now)
		}
		a := auditEntry(r, EventCancelRequested, r.Status, actor.ID, now)
		a.ReasonCode = ReasonCancelled
		return Effects{Audit: []AuditEntry{a}}, nil
	})
	if err != nil {
		return nil, fmt.Errorf("oprun: cancel run %q: %w", id, err)
	}
	s.notifyCompleted(ctx, r)
	return r, nil
}

// Prune deletes the runs completed more than retention ago, with their
// audit entries and delivered notifications, and returns how many runs it
// deleted. A run whose notification is still undelivered stays until it is
// delivered. Retention must be positive.
func (s *Service) Prune(ctx context.Context, retention time.Duration) (int, error) {
	if retention <= 0 {
		return 0, fmt.Errorf("oprun: prune: retention %v is not positive", retention)
	}
	n, err := s.store.Prune(ctx, s.now().Add(-retention))
	if err != nil {
		return n, fmt.Errorf("oprun: prune: %w", err)
	}
	return n, nil
}

// CurrentAttempt returns the latest attempt of run id: the run itself, or
// the retry that started from it, or that retry's retry, and so on. A
// queued job that names the first attempt of a run works the current one
// (see package riverrun). Like MarkRunning, it is for workers and
// authorizes nothing.
func (s *Service) CurrentAttempt(ctx context.Context, id string) (*Run, error) {
	r, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("oprun: current attempt of run %q: %w", id, err)
	}
	for {
		next, err := s.store.GetRetry(ctx, r.ID)
		switch {
		case errors.Is(err, ErrNotFound):
			return r, nil
		case err != nil:
			return nil, fmt.Errorf("oprun: current attempt of run %q: %w", id, err)
		}
		r = next
	}
}

// CancelRequested reports whether the run has been asked to stop. Workers
// poll it (alongside [Service.Heartbeat]) and honour a request by
// completing the run with [OutcomeCancelled].
func (s *Service) CancelRequested(ctx context.Context, id string) (bool, error) {
	r, err := s.store.Get(ctx, id)
	if err != nil {
		return false, fmt.Errorf("oprun: cancel requested for run %q: %w", id, err)
	}
	return r.CancelRequested, nil
}

// Retry is the operator action that starts a new attempt of a completed
// run that did not succeed: a new queued run of the same type, scope,
// identity, context and notification choice, with the operator as
// initiator, the next attempt number and ParentID set to id. A run is
// retried at most once and within its type's MaxAttempts. Retry reports
// an [*ActionError] saying why when the retry is not allowed, and
// [ErrNotFound] when the actor may not see the run.
func (s *Service) Retry(ctx context.Context, actor Actor, id string) (*Run, error) {
	parent, err := s.read(ctx, actor, id)
	if err != nil {
		return nil, fmt.Errorf("oprun: retry run %q: %w", id, err)
	}
	p, err := s.retryPermission(ctx, actor, parent)
	if err != nil {
		return nil, fmt.Errorf("oprun: retry run %q: %w", id, err)
	}
	if !p.Allowed {
		return nil, fmt.Errorf("oprun: retry run %q: %w", id, &ActionError{Action: ActionRetry, RunID: id, Denial: p.Denial})
	}
	childID := s.newID()
	if childID == "" {
		return nil, fmt.Errorf("oprun: retry run %q: ID generator returned an empty ID", id)
	}
	now := s.now()
	scope := parent.Scope
	scope.Initiator = actor.ID
	child := &Run{
		ID:        childID,
		Type:      parent.Type,
		Scope:     scope,
		Status:    StatusQueued,
		Outcome:   OutcomePending,
		Identity:  parent.Identity,
		Attempt:   parent.Attempt + 1,
		ParentID:  parent.ID,
		Context:   parent.Context.Clone(),
		Notify:    parent.Notify,
		CreatedAt: now,
	}
	audit := auditEntry(child, EventRetried, "", actor.ID, now)
	stored, created, err := s.store.InsertOrGetActive(ctx, child, Effects{Audit: []AuditEntry{audit}})
	switch {
	case errors.Is(err, ErrAlreadyRetried):
		return nil, fmt.Errorf("oprun: retry run %q: %w", id, &ActionError{Action: ActionRetry, RunID: id, Denial: DenialAlreadyRetried})
	case err != nil:
		return nil, fmt.Errorf("oprun: retry run %q: %w", id, err)
	case !created:
		return nil, fmt.Errorf("oprun: retry run %q: %w (run %q)", id, &ActionError{Action: ActionRetry, RunID: id, Denial: DenialActiveIdentity}, stored.ID)
	}
	return stored, nil
}

// retryPermission decides whether actor may retry r, looking up an
// existing retry only when everything else allows it.
func (s *Service) retryPermission(ctx context.Context, actor Actor, r *Run) (Permission, error) {
	spec, ok := s.catalog.Lookup(r.Type)
	p := retryPermission(actor, r, spec, ok, false)
	if !p.Allowed {
		return p, nil
	}
	_, err := s.store.GetRetry(ctx, r.ID)
	switch {
	case err == nil:
		return deny(DenialAlreadyRetried), nil
	case errors.Is(err, ErrNotFound):
		return p, nil
	}
	return Permission{}, err
}

// Get returns the run, if the actor may see it; otherwise an error
// matching [ErrNotFound], the same as for a run that does not exist.
func (s *Service) Get(ctx context.Context, actor Actor, id string) (*Run, error) {
	r, err := s.read(ctx, actor, id)
	if err != nil {
		return nil, fmt.Errorf("oprun: get run %q: %w", id, err)
	}
	return r, nil
}

// Audit returns the audit trail of the run, oldest first, if the actor
// may see the run; otherwise an error matching [ErrNotFound].
func (s *Service) Audit(ctx context.Context, actor Actor, id string) ([]AuditEntry, error) {
	if _, err := s.read(ctx, actor, id); err != nil {
		return nil, fmt.Errorf("oprun: audit of run %q: %w", id, err)
	}
	entries, err := s.store.ListAudit(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("oprun: audit of run %q: %w", id, err)
	}
	return entries, nil
}

// Actions says which operator actions the actor may take on the run, and
// why not, if the actor may see the run; otherwise an error matching
// [ErrNotFound]. [Service.Retry] and [Service.Cancel] apply the same
// rules, so an allowed action fails only if the run changes in between
// (or, for a retry, a run with the same identity is active meanwhile).
func (s *Service) Actions(ctx context.Context, actor Actor, id string) (Actionability, error) {
	r, err := s.read(ctx, actor, id)
	if err != nil {
		return Actionability{}, fmt.Errorf("oprun: actions on run %q: %w", id, err)
	}
	retry, err := s.retryPermission(ctx, actor, r)
	if err != nil {
		return Actionability{}, fmt.Errorf("oprun: actions on run %q: %w", id, err)
	}
	return Actionability{RunID: r.ID, Retry: retry, Cancel: cancelPermission(actor, r)}, nil
}

// ReconcileStale completes every active run whose worker has gone quiet: a
// running run without a heartbeat within its type's StaleAfter, and a
// queued run not started within its type's QueueTimeout. A running run is
// completed as failed, a queued run or one with a pending cancel request
// as cancelled, with reason code [ReasonStale]. Each write is fenced by
// the status and version seen stale, so a run that heartbeats or completes
// meanwhile is left as it is. ReconcileStale returns how many runs it
// completed; errors of individual runs are joined and do not stop the
// others.
//
//runtruth:reconciler Run
func (s *Service) ReconcileStale(ctx context.Context) (int, error) {
	now := s.now()
	var errs []error
	n := 0
	for _, t := range s.catalog.Types() {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		spec, _ := s.catalog.Lookup(t)
		stale, err := s.store.ListStale(ctx, t, now.Add(-min(spec.StaleAfter, spec.QueueTimeout)))
		if err != nil {
			errs = append(errs, fmt.Errorf("list stale %s runs: %w", t, err))
			continue
		}
		for _, r := range stale {
			if !r.LastSeen().Before(now.Add(-spec.allowedQuiet(r.Status))) {
				continue // within what its status allows
			}
			done, err := s.reconcile(ctx, r, spec, now)
			if err != nil {
				errs = append(errs, fmt.Errorf("run %q: %w", r.ID, err))
			}
			if done {
				n++
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return n, fmt.Errorf("oprun: reconcile stale runs: %w", err)
	}
	return n, nil
}

// reconcile completes one stale run, fenced by the status and version it
// was seen with. It reports false, and no error, when the run changed
// meanwhile.
func (s *Service) reconcile(ctx context.Context, seen *Run, spec OperationSpec, now time.Time) (bool, error) {
	r := seen.Clone()
	outcome := OutcomeFailed
	if r.Status == StatusQueued || r.CancelRequested {
		outcome = OutcomeCancelled
	}
	quiet := now.Sub(r.LastSeen()).Round(time.Second)
	reason := Reason{
		Code:    ReasonStale,
		Message: fmt.Sprintf("no sign of life for %s, more than the %s allowed", quiet, spec.StaleAfter),
	}
	if r.Status == StatusQueued {
		reason.Message = fmt.Sprintf("queued for %s, more than the %s allowed", quiet, spec.QueueTimeout)
	}
	effects, err := s.completeRun(r, outcome, reason, ReconcilerActorID, now)
	if err != nil {
		return false, err
	}
	stored, err := s.store.CompareAndSwap(ctx, r, seen.Status, seen.Version, effects)
	switch {
	case errors.Is(err, ErrConflict), errors.Is(err, ErrRunCompleted):
		return false, nil
	case err != nil:
		return false, err
	}
	s.notifyCompleted(ctx, stored)
	return true, nil
}

// DeliverPending delivers the notifications left in the outbox, for
// example after a failed delivery or a crash between a transition and its
// delivery. Each is claimed before it is sent, so concurrent callers do
// not send it twice while its lease lasts. It returns how many it
// delivered; errors are joined and do not stop the others.
func (s *Service) DeliverPending(ctx context.Context) (int, error) {
	if s.notifier == nil {
		return 0, fmt.Errorf("oprun: deliver pending notifications: %w", ErrNoNotifier)
	}
	now := s.now()
	pending, err := s.store.PendingNotifications(ctx, now, deliverBatch)
	if err != nil {
		return 0, fmt.Errorf("oprun: deliver pending notifications: %w", err)
	}
	var errs []error
	n := 0
	for _, p := range pending {
		sent, err := s.deliver(ctx, p.IdempotencyKey, now)
		if err != nil {
			errs = append(errs, err)
		}
		if sent {
			n++
		}
	}
	if err := errors.Join(errs...); err != nil {
		return n, fmt.Errorf("oprun: deliver pending notifications: %w", err)
	}
	return n, nil
}

// notifyCompleted delivers the notification of r if r just completed and
// opted in. A failure is logged; the notification stays in the outbox.
func (s *Service) notifyCompleted(ctx context.Context, r *Run) {
	if s.notifier == nil || !r.Notify || r.Status != StatusCompleted {
		return
	}
	if _, err := s.deliver(ctx, notificationKey(r.ID), s.now()); err != nil {
		s.logger.ErrorContext(ctx, "oprun: run notification not delivered; it stays in the outbox",
			slog.String("run_id", r.ID), slog.String("error", Redact(err.Error())))
	}
}

// deliver claims the notification with the given key, sends it and marks
// it delivered. It reports whether it sent it.
func (s *Service) deliver(ctx context.Context, key string, now time.Time) (bool, error) {
	n, ok, err := s.store.ClaimNotification(ctx, key, now, now.Add(s.lease))
	if err != nil || !ok {
		return false, err
	}
	if err := s.notifier.Notify(ctx, n); err != nil {
		failures, dead, ferr := s.store.FailNotification(ctx, key, s.now(), s.delivery)
		if ferr != nil {
			return false, errors.Join(fmt.Errorf("notify run %q: %w", n.RunID, err), ferr)
		}
		if dead {
			return false, fmt.Errorf("notify run %q: %w; dead after %d failed deliveries", n.RunID, err, failures)
		}
		return false, fmt.Errorf("notify run %q: %w (failed delivery %d of %d)", n.RunID, err, failures, s.delivery.MaxAttempts)
	}
	if err := s.store.MarkNotificationDelivered(ctx, key, s.now()); err != nil {
		return true, fmt.Errorf("notification of run %q sent but not marked delivered: %w", n.RunID, err)
	}
	return true, nil
}

// read returns the run if actor may see it, and an error wrapping
// ErrNotFound otherwise, identical whether the run is missing or hidden.
func (s *Service) read(ctx context.Context, actor Actor, id string) (*Run, error) {
	r, err := s.store.Get(ctx, id)
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, ErrNotFound
	case err != nil:
		return nil, err
	case !actor.CanSee(r.Scope):
		return nil, ErrNotFound
	}
	return r, nil
}

// update applies change to the run and writes it with a compare-and-set
// on the status and version it read, rereading and reapplying change when
// the run changed meanwhile. first, if not nil, is a fresh copy of the run
// to start from.
func (s *Service) update(ctx context.Context, id string, first *Run, change func(r *Run, now time.Time) (Effects, error)) (*Run, error) {
	r := first
	for range casAttempts {
		if r == nil {
			var err error
			if r, err = s.store.Get(ctx, id); err != nil {
				return nil, err
			}
		}
		status, version := r.Status, r.Version
		effects, err := change(r, s.now())
		if err != nil {
			return nil, err
		}
		stored, err := s.store.CompareAndSwap(ctx, r, status, version, effects)
		switch {
		case err == nil:
			return stored, nil
		case errors.Is(err, ErrConflict), errors.Is(err, ErrRunCompleted):
			r = nil // changed meanwhile: reread and let change decide again
		default:
			return nil, err
		}
	}
	return nil, fmt.Errorf("gave up after %d attempts: %w", casAttempts, ErrConflict)
}

func auditEntry(r *Run, event AuditEvent, from Status, actor string, at time.Time) AuditEntry {
	return AuditEntry{
		RunID:      r.ID,
		Event:      event,
		From:       from,
		To:         r.Status,
		Outcome:    r.Outcome,
		Actor:      actor,
		ReasonCode: r.Reason.Code,
		At:         at,
	}
}
