package client

import (
	"unsafe"

	"jobs"
)

type Wrapped struct {
	jobs.Job
	Extra int
}

type Holder struct{ Job *jobs.Job }

func Writes(j jobs.Job, p *jobs.Job, w *Wrapped, h Holder, js []jobs.Job, arr [2]jobs.Job, mp map[string]*jobs.Job, s *jobs.Sync) {
	j.Status = "running"                         // want `direct write of guarded field jobs.Job.Status outside its owner packages; transition it through its owner packages \(jobs, jobs/worker/...\)`
	p.Outcome = "failed"                         // want `direct write of guarded field jobs.Job.Outcome`
	(*p).Status = "completed"                    // want `direct write of guarded field jobs.Job.Status`
	w.Status = "running"                         // want `direct write of guarded field jobs.Job.Status`
	w.Job.Outcome = "succeeded"                  // want `direct write of guarded field jobs.Job.Outcome`
	h.Job.Status = "running"                     // want `direct write of guarded field jobs.Job.Status`
	js[0].Status = "running"                     // want `direct write of guarded field jobs.Job.Status`
	arr[1].Outcome = "failed"                    // want `direct write of guarded field jobs.Job.Outcome`
	mp["a"].Status = "running"                   // want `direct write of guarded field jobs.Job.Status`
	p.Status += "x"                              // want `direct write of guarded field jobs.Job.Status`
	s.Attempts++                                 // want `direct write of guarded field jobs.Sync.Attempts`
	s.Attempts += 2                              // want `direct write of guarded field jobs.Sync.Attempts`
	s.State, j.Note = "x", "y"                   // want `direct write of guarded field jobs.Sync.State`
	for _, p.Status = range []jobs.Status{"a"} { // want `direct write of guarded field jobs.Job.Status`
	}
}

func Addresses(j *jobs.Job) *jobs.Status {
	j.Status.Set("running") // want `pointer method Set of guarded field jobs.Job.Status takes its address outside its owner packages`
	_ = &j.Outcome          // taken and dropped
	return &(j.Status)      // want `address of guarded field jobs.Job.Status taken`
}

// Store persists what it is given.
type Store interface{ Save(v any) error }

func Literals(st Store) {
	a := jobs.Job{ID: "1", Status: "queued"} // want `jobs.Job literal sets guarded field Status outside its owner packages; create it in its owner packages`
	b := &jobs.Job{Outcome: "pending"}       // want `jobs.Job literal sets guarded field Outcome`
	c := jobs.Job{"2", "queued", "", "n"}    // want `jobs.Job literal sets guarded field Status` `jobs.Job literal sets guarded field Outcome`
	syncs := make(chan jobs.Sync, 1)
	syncs <- jobs.Sync{State: "x", Status: "ok"} // want `jobs.Sync literal sets guarded field State`
	st.Save([]jobs.Job{a, *b, c, {Status: "x"}}) // want `jobs.Job literal sets guarded field Status`
}

func Suppressed(j *jobs.Job) {
	j.Status = "running" //runtruth:allow directwrite backfill of legacy rows, removed in the next release
	//runtruth:allow directwrite the migration runs before the service starts
	j.Outcome = "failed"
	//runtruth:allow directwrite
	j.Status = "queued" // want `direct write of guarded field jobs.Job.Status`
	//runtruth:allow runscope a different check's allow suppresses nothing here
	j.Outcome = "x" // want `direct write of guarded field jobs.Job.Outcome`
}

// Mine is defined from a run type: its fields are the run's own.
type Mine jobs.Job

func Defined(st Store, j *jobs.Job) func(string) {
	mine := Mine{Status: "running"} // want `client.Mine \(defined from jobs.Job\) literal sets guarded field Status`
	mine.Outcome = "failed"         // want `direct write of guarded field jobs.Job.Outcome`
	set := j.Status.Set             // want `pointer method Set of guarded field jobs.Job.Status takes its address`
	done := j.Status.Done           // a value method takes no address
	_ = done
	_ = Mine{ID: "clean"}
	st.Save(mine)
	return set
}

// Pointers to guarded fields are reported only when they may be written
// through.
var lastStatus *jobs.Status

type holder struct{ s *jobs.Status }

func Pointers(j *jobs.Job, h *holder) string {
	badge := badgeOf(j.ID, &j.Status) // a helper that reads through it
	label := j.Status.Label()         // a pointer method that reads
	st := &j.Status
	if *st == "done" {
		badge += "!"
	}
	reset(&j.Status)              // want `address of guarded field jobs.Job.Status taken outside its owner packages, and it may be written through`
	lastStatus = &j.Status        // want `address of guarded field jobs.Job.Status taken`
	h.s = &j.Status               // want `address of guarded field jobs.Job.Status taken`
	_ = unsafe.Pointer(&j.Status) // want `address of guarded field jobs.Job.Status taken`
	p := &j.Status                // want `address of guarded field jobs.Job.Status taken`
	*p = "queued"
	return badge + label
}

func badgeOf(name string, s *jobs.Status) string { return name + ": " + string(*s) }

func reset(s *jobs.Status) { *s = "" } // want reset:"through\\(written\\)"
