// Package entlike holds an entity in ent's style: the entity, and its
// generated builders.
package entlike

// Job is an operation run.
//
//runtruth:run
type Job struct {
	ID     int
	Status string
	Note   string
}
