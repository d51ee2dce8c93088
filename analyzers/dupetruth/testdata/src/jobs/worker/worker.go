package worker

import "jobs"

// State is in an owner package (owner=jobs/worker/...): silent.
type State struct {
	Last jobs.JobStatus
}
