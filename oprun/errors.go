package oprun

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Errors returned by this package wrap them with context;
// test for them with [errors.Is].
var (
	// ErrNotFound: the run does not exist, or the actor may not see it.
	// The two cases are deliberately indistinguishable.
	ErrNotFound = errors.New("run not found")
	// ErrConflict: a compare-and-set write found the run changed since it
	// was read. The Service retries such writes a few times before giving up.
	ErrConflict = errors.New("run changed concurrently")
	// ErrDuplicate: a run with the same ID already exists.
	ErrDuplicate = errors.New("run already exists")
	// ErrIllegalTransition: the lifecycle table does not allow the move.
	// The error is a [*TransitionError].
	ErrIllegalTransition = errors.New("illegal transition")
	// ErrRunCompleted: the run is completed and can no longer change.
	ErrRunCompleted = errors.New("run is completed")
	// ErrNotRunning: the operation needs a running run.
	ErrNotRunning = errors.New("run is not running")
	// ErrUnknownOperationType: the operation type is not in the catalog.
	ErrUnknownOperationType = errors.New("unknown operation type")
	// ErrInvalidCatalog: a catalog entry is malformed.
	ErrInvalidCatalog = errors.New("invalid operation catalog")
	// ErrUnregisteredSummaryKey: the summary key is not a registered [SummaryKey].
	ErrUnregisteredSummaryKey = errors.New("unregistered summary key")
	// ErrInvalidDelta: a summary increment is negative, or would overflow.
	ErrInvalidDelta = errors.New("invalid summary delta")
	// ErrUnregisteredReason: the reason code is not a registered [ReasonCode].
	ErrUnregisteredReason = errors.New("unregistered reason code")
	// ErrReasonRequired: a failed or blocked outcome needs a reason code.
	ErrReasonRequired = errors.New("reason code required")
	// ErrInvalidScope: the run's scope is incomplete. The error is a [*ScopeError].
	ErrInvalidScope = errors.New("incomplete run scope")
	// ErrInvalidContext: a context update is not flat, not scalar or too large.
	// The error is a [*ContextError].
	ErrInvalidContext = errors.New("invalid run context")
	// ErrInvalidIdentity: the identity key is too long or looks like it holds a secret.
	ErrInvalidIdentity = errors.New("invalid run identity")
	// ErrInvalidOutcome: the outcome is not a terminal outcome.
	ErrInvalidOutcome = errors.New("invalid outcome")
	// ErrForbidden: the actor can see the run but may not take the action.
	ErrForbidden = errors.New("action not permitted")
	// ErrNotRetryable: the run's operation type is not retryable, or the run
	// succeeded or is still active.
	ErrNotRetryable = errors.New("run is not retryable")
	// ErrMaxAttempts: the run's operation type allows no further attempt.
	ErrMaxAttempts = errors.New("maximum attempts reached")
	// ErrAlreadyRetried: the run already has a retry attempt.
	ErrAlreadyRetried = errors.New("run already retried")
	// ErrActiveRun: another run with the same identity is active.
	ErrActiveRun = errors.New("an active run with the same identity exists")
	// ErrCancelRequested: a cancel request for the run is already pending.
	ErrCancelRequested = errors.New("cancel already requested")
	// ErrNoNotifier: [Service.DeliverPending] was called on a Service
	// without a [Notifier].
	ErrNoNotifier = errors.New("no notifier configured")
)

// TransitionError reports a move that the lifecycle table does not allow.
// It matches [ErrIllegalTransition], and also [ErrRunCompleted] when From is
// [StatusCompleted].
type TransitionError struct {
	From    Status
	To      Status
	Outcome Outcome
}

// Error implements error.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("illegal transition from %s to %s with outcome %s", e.From, e.To, e.Outcome)
}

// Is makes errors.Is match [ErrIllegalTransition], and [ErrRunCompleted]
// for a move out of a completed run.
func (e *TransitionError) Is(target error) bool {
	return target == ErrIllegalTransition || (target == ErrRunCompleted && e.From == StatusCompleted)
}

// ConflictError reports a compare-and-set write that missed: the run was
// not at the status and version the writer read, because someone else
// wrote it in between. It matches [ErrConflict]. SQL stores return it
// after re-reading the run that their guarded update did not change.
type ConflictError struct {
	RunID string
	// ExpectStatus and ExpectVersion are what the writer read.
	ExpectStatus  Status
	ExpectVersion int64
	// Status and Version are what the store holds.
	Status  Status
	Version int64
}

// Error implements error.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("run %q is %s at version %d, expected %s at version %d: %v",
		e.RunID, e.Status, e.Version, e.ExpectStatus, e.ExpectVersion, ErrConflict)
}

// Is makes errors.Is match [ErrConflict].
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

// ScopeError reports which fields of a [Scope] are missing. It matches
// [ErrInvalidScope].
type ScopeError struct {
	Missing []string
}

// Error implements error.
func (e *ScopeError) Error() string {
	return "incomplete run scope: missing " + strings.Join(e.Missing, ", ")
}

// Is makes errors.Is match [ErrInvalidScope].
func (e *ScopeError) Is(target error) bool { return target == ErrInvalidScope }

// ContextError reports why a context entry was refused. It matches
// [ErrInvalidContext].
type ContextError struct {
	Key     string
	Problem string
}

// Error implements error.
func (e *ContextError) Error() string {
	if e.Key == "" {
		return "invalid run context: " + e.Problem
	}
	return fmt.Sprintf("invalid run context key %q: %s", e.Key, e.Problem)
}

// Is makes errors.Is match [ErrInvalidContext].
func (e *ContextError) Is(target error) bool { return target == ErrInvalidContext }

// ActionError reports that an operator action was refused, and why. It
// wraps the sentinel that matches the [Denial] (for example
// [ErrForbidden] or [ErrMaxAttempts]).
type ActionError struct {
	Action OperatorAction
	RunID  string
	Denial Denial
}

// Error implements error.
func (e *ActionError) Error() string {
	return fmt.Sprintf("%s not allowed: %s", e.Action, e.Denial.Err())
}

// Unwrap returns the sentinel error of the denial.
func (e *ActionError) Unwrap() error { return e.Denial.Err() }
