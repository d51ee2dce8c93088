// Package copies keeps copies of runs' statuses, and values that only
// look like them.
package copies

import (
	"encoding/json"
	"io"

	"github.com/runtruth/runtruth/oprun"

	"jobs"
)

// Tracker keeps what it saw of runs.
type Tracker struct {
	RunID string
	Last  oprun.Status             // want `^field Tracker.Last keeps its own copy of run status oprun.Run.Status \(competing run truth\); keep the run ID and read the run through oprun with \(\*oprun.Service\).Get$`
	Seen  []oprun.Status           // want `^field Tracker.Seen keeps its own copy of run status oprun.Run.Status`
	ByID  map[string]oprun.Outcome // want `^field Tracker.ByID keeps its own copy of run outcome oprun.Run.Outcome`

	Index map[oprun.Status][]string // runs by status: a key names an entry
	Want  oprun.Status              // constants only
	Input oprun.Status              // a parameter: the input of a transition
	Text  string                    // plain text
	Run   oprun.Run                 // the run itself
}

func (t *Tracker) Observe(r *oprun.Run) {
	t.Last = r.Status
	s := r.Status
	t.Seen = append(t.Seen, s)
	t.ByID[r.ID] = OutcomeOf(r)
	t.Index[r.Status] = append(t.Index[r.Status], r.ID)
	t.Want = oprun.Status("done")
	t.Text = string(r.Status)
	t.Run = *r
}

// Request records the status a caller asks for.
func (t *Tracker) Request(to oprun.Status) { t.Input = to }

// OutcomeOf returns a run's outcome: a caller that stores it keeps a copy.
func OutcomeOf(r *oprun.Run) oprun.Outcome { return r.Outcome } // want OutcomeOf:"copy\\(github.com/runtruth/runtruth/oprun.Run.Outcome\\)"

// Snapshot is built by a literal.
type Snapshot struct {
	Job   string
	State jobs.JobStatus // want `^field Snapshot.State keeps its own copy of run status jobs.Job.Status \(competing run truth\); keep the run ID and read the run jobs.Job from its owner packages$`
}

func Snap(j jobs.Job) Snapshot { return Snapshot{Job: j.ID, State: j.Status} }

// Positional is built by a positional literal.
type Positional struct {
	ID string
	S  oprun.Status // want `field Positional.S keeps its own copy of run status`
}

func Pos(r oprun.Run) Positional { return Positional{r.ID, r.Status} }

// phaseCount lives for one call of Count.
type phaseCount struct {
	status oprun.Status
	n      int
}

func Count(runs []oprun.Run) int {
	counts := map[string]phaseCount{}
	for _, r := range runs {
		counts[r.ID] = phaseCount{status: r.Status, n: 1}
	}
	return len(counts)
}

// Local declares its type inside the function.
func Local(r *oprun.Run) any {
	type row struct{ S oprun.Status }
	return row{S: r.Status}
}

// Allowed is a copy that a reviewer accepted.
type Allowed struct {
	S oprun.Status //runtruth:allow dupetruth the export mirrors the run until v2
}

func Export(r *oprun.Run) Allowed { return Allowed{S: r.Status} }

// Response is what a handler encodes: it lives for one call.
type Response struct {
	ID     string
	Status oprun.Status
}

func Handle(w io.Writer, r *oprun.Run) error {
	resp := Response{ID: r.ID}
	resp.Status = r.Status
	return json.NewEncoder(w).Encode(resp)
}

// Cache keeps entries that a function fills and stores.
type Cache struct {
	entries map[string]Entry
}

// Entry is one run as the cache keeps it.
type Entry struct {
	Status oprun.Status // want `^field Entry.Status keeps its own copy of run status oprun.Run.Status`
}

func (c *Cache) Put(r *oprun.Run) {
	var e Entry
	e.Status = r.Status
	c.entries[r.ID] = e
}
