// Package oprun is a stand-in for the runtime lifecycle package.
package oprun

type Status string

type Outcome string

const (
	StatusCompleted  Status  = "completed"
	OutcomeSucceeded Outcome = "succeeded"
)

// Run is an operation run.
//
//runtruth:run fields=Status,Outcome
type Run struct {
	ID      string
	Status  Status
	Outcome Outcome
	Reason  string
}
