// Package display builds runs to show them, and some to write them.
package display

import (
	"fmt"

	"jobs"
)

// Store persists what it is given.
type Store interface{ Save(v any) error }

// Steps builds the synthetic first and last steps around a job's own:
// built to be shown, returned to its callers.
func Steps(own []*jobs.Job, done bool) []*jobs.Job { // want Steps:"built\\(Status at display/display.go:16\\)" Steps:"fates\\(returned,stays\\)"
	pre := &jobs.Job{ID: "set-up", Status: "running"}
	post := &jobs.Job{ID: "complete"}
	if done {
		pre.Status = "succeeded"
		post.Status = "succeeded"
	}
	last := pre
	if last.Status.Done() {
		post.Note = "after " + last.ID
	}
	ret := make([]*jobs.Job, 0, len(own)+2)
	ret = append(ret, pre)
	ret = append(ret, own...)
	return append(ret, post)
}

// Row is a job's row as stored.
type Row struct {
	ID     string
	Status string
}

// FromRow rebuilds a job from its own row.
func FromRow(r Row) jobs.Job { // want FromRow:"built\\(Status at display/display.go:40\\)"
	return jobs.Job{ID: r.ID, Status: jobs.Status(r.Status)}
}

// Page formats steps and rows: nothing is written.
func Page(own []*jobs.Job, rows []Row) string {
	s := ""
	for _, j := range Steps(own, true) {
		s += fmt.Sprintf("%s %s\n", j.ID, j.Status)
	}
	for _, r := range rows {
		s += jobs.Describe(FromRow(r))
	}
	probe := jobs.Job{Status: "probe"}
	if probe.Status.Done() || probe == (jobs.Job{}) {
		s += "?"
	}
	return s
}

// Persist writes what it builds, in every way there is.
func Persist(st Store, own []*jobs.Job, row Row, out chan<- jobs.Job) { // want Persist:"fates\\(stays,written,stays,stays\\)"
	st.Save(Steps(own, false)) // want `^display.Steps returns a jobs.Job built with guarded field Status set \(display/display.go:16\), and it is written here outside its owner packages; create it in its owner packages`
	steps := Steps(own, true)  // want `display.Steps returns a jobs.Job built with guarded field Status set`
	st.Save(steps[0])
	out <- FromRow(row)                     // want `display.FromRow returns a jobs.Job built with guarded field Status set \(display/display.go:40\)`
	save(st, &jobs.Job{Status: "queued"})   // want `jobs.Job literal sets guarded field Status`
	st.Save(same(&jobs.Job{Outcome: "ok"})) // want `jobs.Job literal sets guarded field Outcome`
	j := &jobs.Job{ID: "n"}
	j.Status = "queued" // want `direct write of guarded field jobs.Job.Status`
	jobs.Enqueue(j)
	k := jobs.Job{ID: "k"}
	k.Outcome = "failed" // an owner's method that sets fields of a value nobody writes
	k.Finish()
	var held jobs.Job
	held.Status = "x" // want `direct write of guarded field jobs.Job.Status`
	keep = &held
}

var keep *jobs.Job

func save(st Store, j *jobs.Job) { st.Save(j) } // want save:"fates\\(stays,written\\)"

func same(j *jobs.Job) *jobs.Job { return j } // want same:"fates\\(returned\\)"
