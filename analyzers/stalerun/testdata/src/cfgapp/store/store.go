// Package store is generated.
package store

import "runs"

// Store keeps jobs.
type Store struct{}

// Insert creates a job.
func (s *Store) Insert(j *runs.Job) error { return nil }

// Expire completes stale jobs.
func (s *Store) Expire() error { return nil }
