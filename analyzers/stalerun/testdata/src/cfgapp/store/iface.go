package store

import "runs"

// Jobs is the store's interface, which the configuration declares a start.
type Jobs interface {
	Create(j *runs.Job) error
}
