package client

import "jobs"

// Local has fields named like a run's but is not a run type.
type Local struct {
	Status  jobs.Status
	Outcome string
}

func Reads(j *jobs.Job, s jobs.Sync) (string, bool) {
	status := j.Status
	if j.Outcome == "failed" || status.Done() || j.Status.Done() {
		return string(j.Outcome), true
	}
	var l Local
	l.Status = j.Status // the target is Local.Status, not the run's
	l.Outcome = "x"
	pl := &l.Status
	_ = pl
	j.Note = "a note is not guarded"
	s.Status = "not guarded in Sync"
	_ = jobs.Job{ID: "no guarded field"}
	_ = &jobs.Job{Note: "n"}
	_ = jobs.Sync{Status: "x"}
	x := jobs.New()
	x.ID = "2"
	return string(s.State), false
}
