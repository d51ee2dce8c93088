// Package life declares a run type and its service.
package life // want `"kind":"run","run":"life.Job"` `"kind":"registry","name":"life.Key","keys":\["items","retries"\]`

// Job is a run.
//
//runtruth:run
type Job struct {
	Status string
	Scope  Scope
}

// Scope owns a run.
type Scope struct {
	//runtruth:scope
	Workspace string
	//runtruth:scope
	Initiator string
}

// Key is a summary key.
//
//runtruth:summarykeys
type Key string

// The registered keys.
const (
	Items   Key = "items"
	Retries Key = "retries"
)

// Mode is no registry.
type Mode string

// Fast is no key.
const Fast Mode = "fast"

// Service owns the runs.
type Service struct{}

// Start starts a run.
//
//runtruth:start Job
func (s *Service) Start(sc Scope) *Job { return &Job{Scope: sc} }

// Complete completes a run.
func (s *Service) Complete(id string) {}

// Count counts.
func (s *Service) Count(id string, k Key) {}

func (s *Service) internal() {}

// ReconcileStale reconciles.
//
//runtruth:reconciler Job
func (s *Service) ReconcileStale() {}

// Store is no run API: none of its methods starts or reconciles.
type Store struct{}

// Complete is a store's.
func (Store) Complete(id string) {}
