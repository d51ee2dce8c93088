// Package oprun is a stand-in for the runtime lifecycle package.
package oprun

type Status string

type Outcome string

// Run is an operation run.
//
//runtruth:run fields=Status,Outcome
type Run struct {
	ID      string
	Status  Status
	Outcome Outcome
}

// Transition is declared in the owner package: silent.
type Transition struct {
	From, To Status
}
