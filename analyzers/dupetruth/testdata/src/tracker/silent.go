package tracker

import (
	"time"

	"github.com/runtruth/runtruth/oprun"

	"jobs"
)

// Status is another named string type called Status.
type Status string

type List[T any] struct{ Items []T }

// Clean holds run IDs, the run itself and unrelated types.
type Clean struct {
	RunID      string
	Status     Status
	Outcome    string
	Run        *oprun.Run
	Runs       []oprun.Run
	Job        jobs.Job
	Done       time.Time // a guarded field's type not declared by the run's owners
	Statuses   List[oprun.Status]
	Transition oprun.Transition
	Lookup     func(id string) oprun.Status
}

// Embeds the run type itself: it is the run, not a copy of its status.
type Embeds struct {
	oprun.Run
	*jobs.Job
	Note string
}

func Reads(r *oprun.Run) (oprun.Status, []oprun.Outcome) {
	// Variables, parameters and results are not struct fields.
	var s oprun.Status = r.Status
	outs := []oprun.Outcome{r.Outcome}
	return s, outs
}
