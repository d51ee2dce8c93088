package worker

import "jobs"

// State is in an owner package (owner=jobs/worker/...): silent.
type State struct {
	Last jobs.JobStatus
}

// Keep copies a status into State: an owner may.
func Keep(s *State, j *jobs.Job) { s.Last = j.Status }
