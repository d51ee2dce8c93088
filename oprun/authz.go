package oprun

import "slices"

// Actor is who reads a run or acts on it. Its grants are checked against
// the run's [Scope] on every read and operator action. An actor that may
// not see a run gets [ErrNotFound], exactly as if the run did not exist.
type Actor struct {
	// ID identifies the actor in audit entries. An actor without an ID
	// sees nothing.
	ID string
	// Workspaces are the workspaces whose runs the actor may see.
	Workspaces []string
	// ManagedEnvironments, when not empty, narrows the actor to runs in
	// these managed environments.
	ManagedEnvironments []string
	// Operator allows the actor to take operator actions (retry, cancel)
	// on the runs it may see.
	Operator bool
}

// CanSee reports whether the actor may see runs with scope s.
func (a Actor) CanSee(s Scope) bool {
	if a.ID == "" || !slices.Contains(a.Workspaces, s.Workspace) {
		return false
	}
	return len(a.ManagedEnvironments) == 0 || slices.Contains(a.ManagedEnvironments, s.ManagedEnvironment)
}

// OperatorAction names an action an operator can take on a run.
type OperatorAction string

// The operator actions.
const (
	// ActionRetry starts a new attempt of a run that did not succeed.
	ActionRetry OperatorAction = "retry"
	// ActionCancel stops a queued or running run.
	ActionCancel OperatorAction = "cancel"
)

// Denial says why an operator action is not available. The zero Denial
// means the action is allowed.
type Denial string

// The reasons an operator action may be denied.
const (
	// DenialNotOperator: the actor is not an operator.
	DenialNotOperator Denial = "not_operator"
	// DenialCompleted: the run is completed, so it cannot be cancelled.
	DenialCompleted Denial = "completed"
	// DenialCancelRequested: a cancel request is already pending.
	DenialCancelRequested Denial = "cancel_requested"
	// DenialActive: the run is still queued or running, so it cannot be retried.
	DenialActive Denial = "active"
	// DenialSucceeded: the run succeeded; there is nothing to retry.
	DenialSucceeded Denial = "succeeded"
	// DenialNotRetryable: the run's operation type is not retryable.
	DenialNotRetryable Denial = "not_retryable"
	// DenialMaxAttempts: the run is the last attempt its type allows.
	DenialMaxAttempts Denial = "max_attempts"
	// DenialAlreadyRetried: the run already has a retry attempt.
	DenialAlreadyRetried Denial = "already_retried"
	// DenialActiveIdentity: another run with the same identity is active.
	DenialActiveIdentity Denial = "active_identity"
)

// Err returns the sentinel error of the denial, or nil for the zero Denial.
func (d Denial) Err() error {
	switch d {
	case "":
		return nil
	case DenialNotOperator:
		return ErrForbidden
	case DenialCompleted:
		return ErrRunCompleted
	case DenialCancelRequested:
		return ErrCancelRequested
	case DenialMaxAttempts:
		return ErrMaxAttempts
	case DenialAlreadyRetried:
		return ErrAlreadyRetried
	case DenialActiveIdentity:
		return ErrActiveRun
	}
	return ErrNotRetryable // DenialActive, DenialSucceeded, DenialNotRetryable
}

// Permission says whether an operator action is allowed and, if not, why.
type Permission struct {
	Allowed bool
	Denial  Denial
}

func allow() Permission        { return Permission{Allowed: true} }
func deny(d Denial) Permission { return Permission{Denial: d} }

// Actionability says which operator actions an actor may take on a run.
type Actionability struct {
	RunID  string
	Retry  Permission
	Cancel Permission
}

// cancelPermission decides whether actor may cancel r. The actor is known
// to see r.
func cancelPermission(actor Actor, r *Run) Permission {
	switch {
	case !actor.Operator:
		return deny(DenialNotOperator)
	case r.Status == StatusCompleted:
		return deny(DenialCompleted)
	case r.CancelRequested:
		return deny(DenialCancelRequested)
	}
	return allow()
}

// retryPermission decides whether actor may retry r, given its operation
// spec (ok is false when the type is no longer registered) and whether r
// already has a retry. The actor is known to see r.
func retryPermission(actor Actor, r *Run, spec OperationSpec, ok, retried bool) Permission {
	switch {
	case !actor.Operator:
		return deny(DenialNotOperator)
	case r.Status != StatusCompleted:
		return deny(DenialActive)
	case r.Outcome == OutcomeSucceeded:
		return deny(DenialSucceeded)
	case !ok || !spec.Retryable:
		return deny(DenialNotRetryable)
	case r.Attempt >= spec.MaxAttempts:
		return deny(DenialMaxAttempts)
	case retried:
		return deny(DenialAlreadyRetried)
	}
	return allow()
}
