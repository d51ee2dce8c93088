package sub

import "jobs"

// Cache is in an owner package below jobs/worker: silent.
type Cache struct {
	ByID map[string]jobs.JobStatus
}
