// Package jobs declares a run type owned by jobs and jobs/worker/....
package jobs

import "time"

type JobStatus string

// Job guards its status and its completion time.
//
//runtruth:run fields=Status,Done owner=jobs/worker/...
type Job struct {
	ID     string
	Status JobStatus
	Done   time.Time
}

// History is in the owner package: silent.
type History struct {
	Previous []JobStatus
}
