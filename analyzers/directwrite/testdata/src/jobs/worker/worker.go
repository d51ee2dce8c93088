package worker

import "jobs"

func Run(j *jobs.Job) {
	j.Status = "running"
	p := &j.Outcome
	*p = "pending"
	_ = jobs.Job{Status: "queued"}
}
