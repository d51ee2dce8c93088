// Package evidence declares customer-facing proof types.
package evidence

import (
	"time"

	"github.com/runtruth/runtruth/oprun"

	"runs"
)

// Proof is shown to customers.
//
//runtruth:proof
type Proof struct {
	RunID       string
	Kind        string
	Verified    bool
	Status      oprun.Status                    // want `^proof type Proof field Status holds run status type oprun.Status; record the customer-facing evidence itself \(its own verified result type\) and link the run by its ID$`
	Latest      *oprun.Run                      // want `proof type Proof field Latest holds run record oprun.Run`
	Outcomes    []oprun.Outcome                 // want `proof type Proof field Outcomes holds run outcome type oprun.Outcome`
	Last        [3]*oprun.Status                // want `proof type Proof field Last holds run status type oprun.Status`
	ByRun       map[string]oprun.Run            // want `proof type Proof field ByRun holds run record oprun.Run`
	Counts      map[oprun.Status]int            // want `proof type Proof field Counts holds run status type oprun.Status`
	Phase       runs.Phase                      // want `proof type Proof field Phase holds run lifecycle field Phase type runs.Phase`
	Tasks       []runs.Task                     // want `proof type Proof field Tasks holds run record runs.Task`
	Detail      struct{ Outcome oprun.Outcome } // want `proof type Proof field Detail.Outcome holds run outcome type oprun.Outcome`
	oprun.Run                                   // want `proof type Proof field Run holds run record oprun.Run`
	CapturedAt  time.Time
	Files       []string
	State       string
	Result      Result
	Note        string
	Items       []Item
	Attachments map[string]string
}

// Result is the proof's own verified result type.
type Result string

// Item is a named struct: proofboundary does not look into it.
type Item struct {
	Status oprun.Status
	Name   string
}

// Report holds runs but is not a proof type.
type Report struct {
	Runs   []oprun.Run
	Status oprun.Status
}

// Copy is a proof type defined from a struct declared elsewhere: its
// fields are reported at its name.
//
//runtruth:proof
type Copy oprun.Run // want `proof type Copy field Status holds run status type oprun.Status` `proof type Copy field Outcome holds run outcome type oprun.Outcome`

// Clean holds only its own evidence.
//
//runtruth:proof
type Clean struct {
	RunID      string
	Finished   time.Time // a guarded field's type, but not declared by the run's owners
	Result     Result
	Checksum   [32]byte
	References map[string][]string
}

// Build runs in the proof's own package.
func Build(r *oprun.Run) Clean {
	return Clean{RunID: r.ID, Result: Result(r.Status)} // want `proof type evidence.Clean field Result is set from run status oprun.Run.Status; record the customer-facing evidence itself \(its own verified result type\) and link the run by its ID, not the run's status`
}

// Package-level literals are checked too.
var sample = Clean{Result: Result(oprun.Run{}.Outcome)} // want `proof type evidence.Clean field Result is set from run outcome oprun.Run.Outcome`
