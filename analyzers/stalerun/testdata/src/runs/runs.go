// Package runs declares a run type with time fields.
package runs

import "time"

// Job is an operation run.
//
//runtruth:run
type Job struct {
	Status      string
	StartedAt   time.Time
	HeartbeatAt time.Time
	CompletedAt *time.Time
}

// Session is no run type.
type Session struct {
	ExpiresAt time.Time
}
