package oprun

import "slices"

// Status is where a run is in its lifecycle: queued, running or completed.
type Status string

// The statuses of a run. A run moves queued → running → completed, or
// straight from queued to completed when it is cancelled or blocked before
// it starts. See [Transitions].
const (
	// StatusQueued: the run is recorded and waits for a worker.
	StatusQueued Status = "queued"
	// StatusRunning: a worker executes the run and sends heartbeats.
	StatusRunning Status = "running"
	// StatusCompleted: the run is finished and immutable; its Outcome says how.
	StatusCompleted Status = "completed"
)

// Valid reports whether s is one of the declared statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusQueued, StatusRunning, StatusCompleted:
		return true
	}
	return false
}

// Active reports whether a run with status s can still change: it is queued
// or running.
func (s Status) Active() bool {
	return s == StatusQueued || s == StatusRunning
}

// Statuses returns every status in lifecycle order.
func Statuses() []Status {
	return []Status{StatusQueued, StatusRunning, StatusCompleted}
}

// Outcome is how a run ended. It is [OutcomePending] until the run is
// completed and one of the terminal outcomes afterwards.
type Outcome string

// The outcomes of a run.
const (
	// OutcomePending: the run has not completed yet.
	OutcomePending Outcome = "pending"
	// OutcomeSucceeded: the run did all its work.
	OutcomeSucceeded Outcome = "succeeded"
	// OutcomePartiallySucceeded: the run finished, but some items failed.
	OutcomePartiallySucceeded Outcome = "partially_succeeded"
	// OutcomeFailed: the run could not do its work.
	OutcomeFailed Outcome = "failed"
	// OutcomeBlocked: a policy or precondition kept the run from doing its work.
	OutcomeBlocked Outcome = "blocked"
	// OutcomeCancelled: the run was stopped on request.
	OutcomeCancelled Outcome = "cancelled"
)

// Valid reports whether o is one of the declared outcomes.
func (o Outcome) Valid() bool {
	return o == OutcomePending || o.Terminal()
}

// Terminal reports whether o is an outcome of a completed run.
func (o Outcome) Terminal() bool {
	switch o {
	case OutcomeSucceeded, OutcomePartiallySucceeded, OutcomeFailed, OutcomeBlocked, OutcomeCancelled:
		return true
	}
	return false
}

// Outcomes returns every outcome, [OutcomePending] first.
func Outcomes() []Outcome {
	return []Outcome{
		OutcomePending,
		OutcomeSucceeded,
		OutcomePartiallySucceeded,
		OutcomeFailed,
		OutcomeBlocked,
		OutcomeCancelled,
	}
}

// Transition is one edge of the lifecycle: a run with status From may move
// to status To, after which its outcome is one of Outcomes.
type Transition struct {
	From     Status
	To       Status
	Outcomes []Outcome
}

// transitions is the lifecycle table. Every [Service] write checks it
// through [CheckTransition]; nothing else decides whether a move is legal.
// It is never modified: [Transitions] hands out copies.
var transitions = [...]Transition{
	{From: StatusQueued, To: StatusRunning, Outcomes: []Outcome{OutcomePending}},
	{From: StatusQueued, To: StatusCompleted, Outcomes: []Outcome{OutcomeCancelled, OutcomeBlocked}},
	{From: StatusRunning, To: StatusCompleted, Outcomes: []Outcome{
		OutcomeSucceeded,
		OutcomePartiallySucceeded,
		OutcomeFailed,
		OutcomeBlocked,
		OutcomeCancelled,
	}},
}

// Transitions returns the lifecycle table: every legal move of a run's
// status, with the outcomes the run may have after it. Any move not listed
// is illegal; in particular a completed run never moves again. The result is
// a copy that the caller may modify.
func Transitions() []Transition {
	out := make([]Transition, len(transitions))
	for i, t := range transitions {
		out[i] = Transition{From: t.From, To: t.To, Outcomes: slices.Clone(t.Outcomes)}
	}
	return out
}

// CheckTransition reports whether a run with status from may move to status
// to and end up with outcome. It returns nil for a legal move and a
// [*TransitionError] otherwise.
func CheckTransition(from, to Status, outcome Outcome) error {
	for _, t := range transitions {
		if t.From == from && t.To == to && slices.Contains(t.Outcomes, outcome) {
			return nil
		}
	}
	return &TransitionError{From: from, To: to, Outcome: outcome}
}
