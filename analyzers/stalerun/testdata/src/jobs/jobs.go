// Package jobs has queued workers; a queue calls their Work method.
package jobs

import (
	"time"

	"runs"
)

// Worker is what the queue runs.
type Worker interface{ Work() error }

// Registry holds the workers.
type Registry struct{ workers []Worker }

// Add registers a worker.
func (r *Registry) Add(w Worker) { r.workers = append(r.workers, w) }

// ReconcileWorker is the periodic job that settles stale runs.
type ReconcileWorker struct{ S *runs.Service }

// Work reconciles.
func (w *ReconcileWorker) Work() error {
	w.S.ReconcileStale(10 * time.Minute)
	return nil
}

// NewReconcileWorker makes the periodic job.
func NewReconcileWorker(s *runs.Service) *ReconcileWorker { return &ReconcileWorker{S: s} }
