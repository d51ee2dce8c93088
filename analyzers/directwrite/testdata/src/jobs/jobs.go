// Package jobs declares a run type owned by jobs and jobs/worker/....
package jobs

type Status string

func (s *Status) Set(v string) { *s = Status(v) } // want Set:"through\\(written,stays\\)"

// Label reads through its pointer.
func (s *Status) Label() string { return "status " + string(*s) }

func (s Status) Done() bool { return s == "completed" }

type Outcome string

// Job is an operation run.
//
//runtruth:run owner=jobs/worker/...
type Job struct {
	ID      string
	Status  Status
	Outcome Outcome
	Note    string
}

// Sync guards custom fields.
//
//runtruth:run fields=State,Attempts
type Sync struct {
	State    string
	Attempts int
	Status   string // not guarded: fields= replaces the default
}

func (j *Job) Finish() {
	j.Status = "completed"
	j.Outcome = "succeeded"
}

func New() Job { return Job{ID: "1", Status: "queued", Outcome: "pending"} } // want New:"built\\(Status at jobs/jobs.go:39\\)"

// Generic is a run type with a type parameter.
//
//runtruth:run
type Generic[T any] struct {
	Status  Status
	Payload T
}

var queue []*Job

// Enqueue hands a job to the owner's queue: a transition.
func Enqueue(j *Job) { queue = append(queue, j) } // want Enqueue:"fates\\(written\\)"

// Describe reads a job.
func Describe(j Job) string { return j.ID + " " + string(j.Status) }
