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

// Service owns the runs.
type Service struct{}

// Start starts a run.
//
//runtruth:start Job
func (s *Service) Start(name string) *Job { return &Job{Status: "queued"} }

// ReconcileStale settles stale active runs.
//
//runtruth:reconciler Job
func (s *Service) ReconcileStale(after time.Duration) int { return 0 }

// Sweep is no reconciler: only its name looks like one.
func (s *Service) Sweep() {}
